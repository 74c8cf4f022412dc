import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import type { CommonLossOptions, Reduced } from './loss';
import { assertLogits, checkFiniteFlag, checkReduction } from './loss-inputs';

export interface JsdConsistencyOptions extends CommonLossOptions {
  /**
   * The multiplier, ≥ 0; default 12, the value hard-coded in the AugMix reference training
   * code (`loss += 12 * jsd`). Pass 1 for the plain Jensen–Shannon divergence.
   */
  weight?: number;
  /** 'batchmean' (default, as the reference) or 'none' (per-sample [N]). */
  reduction?: 'batchmean' | 'none';
}

/**
 * AugMix's Jensen–Shannon consistency term over the logits of a clean batch and its augmented
 * views (usually two): with `p_v = softmax(logits_v)` and the mixture
 * `M = clamp(mean_v p_v, 1e-7, 1)`,
 * `weight · mean_v KL(p_v ‖ M)` with KL's 'batchmean', exactly as the AugMix reference code
 * (`augmix/cifar.py`), clamp included. Add it to the clean cross-entropy.
 *
 * Views of one image are close, so the divergence is small and the naive
 * `Σ p (log p − log M)` cancels in float32; the terms are computed from logit differences
 * instead (see `logRatio`), which keeps 1e-5 relative accuracy down to tiny divergences.
 *
 * @param logits two or more float32 [N, K] tensors: `[clean, aug1, aug2]`.
 */
export function jsdConsistency<O extends JsdConsistencyOptions = { reduction?: 'batchmean' }>(
  logits: readonly tf.Tensor2D[],
  options?: O,
): Reduced<O> {
  const fn = 'jsdConsistency';
  const o: JsdConsistencyOptions = options ?? {};
  const checkFinite = checkFiniteFlag(fn, o.checkFinite);
  if (!Array.isArray(logits) || logits.length < 2) {
    throw new TricksError(
      fn,
      'logits',
      'an array of at least 2 logits tensors ([clean, aug1, aug2])',
      describeValue(logits),
    );
  }
  logits.forEach((x, i) => {
    assertLogits(fn, `logits[${i}]`, x, checkFinite);
    const first = logits[0]!;
    if (x.shape[0] !== first.shape[0] || x.shape[1] !== first.shape[1]) {
      throw new TricksError(
        fn,
        `logits[${i}]`,
        `shape [${first.shape.join(', ')}] (as logits[0])`,
        `shape [${x.shape.join(', ')}]`,
      );
    }
  });
  const weight = o.weight ?? 12;
  assertNumberInRange(fn, 'options.weight', weight, 0, Number.POSITIVE_INFINITY);
  const reduction = o.reduction ?? 'batchmean';
  checkReduction(fn, reduction, ['batchmean', 'none'] as const);
  const views = logits.length;
  const scale = weight / views;
  return tf.tidy(() => {
    // Analytic gradient: ∂/∂x_v = scale · p_v ⊙ (g_v − ⟨p_v, g_v⟩), g_v = log p_v − log M
    // (+1 where the clamp holds M constant). Autodiff through the accurate forward would
    // reintroduce the cancellation the forward avoids.
    const jsd = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const save = args[views] as tf.GradSaveFunc;
      const xs = args.slice(0, views) as tf.Tensor2D[];
      const logps = xs.map((x) => tf.logSoftmax(x));
      const ps = logps.map((lp) => tf.exp(lp));
      const clamped = tf.less(tf.div(tf.addN(ps), views), MIXTURE_FLOOR);
      const clampedF = tf.cast(clamped, 'float32');
      const gs = logps.map((lpV, v) => {
        const deltas = xs.map((_, u) => (u === v ? tf.zerosLike(lpV) : logRatio(xs, logps, ps, u, v)));
        // t = log M − log p_v; g = −t, plus the clamp's constant-M correction.
        const t = tf.where(clamped, tf.sub(Math.log(MIXTURE_FLOOR), lpV), logMeanExp(tf.stack(deltas)));
        return tf.add(tf.neg(t), clampedF);
      });
      // KL(p_v ‖ M) = Σ p_v (log p_v − log M) = Σ p_v (g_v − [clamped]).
      const kls = ps.map((p, v) => tf.sum(tf.mul(p, tf.sub(gs[v]!, clampedF)), 1));
      save([...ps, ...gs]);
      return {
        value: tf.mul(tf.addN(kls), scale),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const dyCol = tf.mul(tf.reshape(dy, [-1, 1]), scale);
          return saved.slice(0, views).map((p, v) => {
            const g = saved[views + v]!;
            return tf.mul(dyCol, tf.mul(p, tf.sub(g, tf.sum(tf.mul(p, g), 1, true))));
          });
        },
      };
    });
    const perSample = jsd(...logits) as tf.Tensor1D;
    return reduction === 'none' ? perSample : tf.mean(perSample);
  }) as Reduced<O>;
}

/**
 * expm1 and log1p by Kahan's tricks, from exp and log: tfjs's own kernels are `exp(x) − 1` and
 * `log(1 + x)` on WebGL (and lose digits on wasm), which would undo the point of using them.
 * Forward-only (inside the custom gradient), so the 0/0 branch that `where` discards is harmless.
 */
function expm1(x: tf.Tensor): tf.Tensor {
  const u = tf.exp(x);
  return tf.where(tf.equal(u, 1), x, tf.div(tf.mul(tf.sub(u, 1), x), tf.log(u)));
}

function log1p(x: tf.Tensor): tf.Tensor {
  const u = tf.add(x, 1);
  return tf.where(tf.equal(u, 1), x, tf.div(tf.mul(tf.log(u), x), tf.sub(u, 1)));
}

/** The reference clamps the mixture to [1e-7, 1] before its log. */
const MIXTURE_FLOOR = 1e-7;

/**
 * log p_u − log p_v for two views, [N, K]. For close views (the usual AugMix case, |x_u − x_v|
 * ≤ 1 in a row) the log-normaliser difference is `log1p(Σ p_v · expm1(x_u − x_v))`: computed
 * from the difference itself, it keeps full float32 relative precision where subtracting two
 * log-softmax outputs would cancel. Far views use the plain difference of log-softmaxes (never
 * of raw log-sum-exps, which lose their fractional digits at logits of 1e4).
 */
function logRatio(
  logits: readonly tf.Tensor2D[],
  logps: tf.Tensor[],
  ps: tf.Tensor[],
  u: number,
  v: number,
): tf.Tensor {
  const d = tf.sub(logits[u]!, logits[v]!);
  const close = tf.lessEqual(tf.max(tf.abs(d), 1, true), 1);
  // Clipping keeps the unused branch finite (no Infinity from expm1 of a far view).
  const nearShift = log1p(tf.sum(tf.mul(ps[v]!, expm1(tf.clipByValue(d, -1, 1))), 1, true));
  return tf.where(close, tf.sub(d, nearShift), tf.sub(logps[u]!, logps[v]!));
}

/** log(mean_u exp(δ_u)) over axis 0, with the same log1p / expm1 care for small δ. */
function logMeanExp(deltas: tf.Tensor): tf.Tensor {
  const views = deltas.shape[0]!;
  const small = tf.lessEqual(tf.max(tf.abs(deltas), 0), 1);
  const near = log1p(tf.mean(expm1(tf.clipByValue(deltas, -1, 1)), 0));
  return tf.where(small, near, tf.sub(tf.logSumExp(deltas, 0), Math.log(views)));
}
