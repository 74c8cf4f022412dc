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
  return tf.tidy(() => {
    const logps = logits.map((x) => tf.logSoftmax(x));
    const ps = logps.map((lp) => tf.exp(lp));
    const logMixture = tf.log(tf.clipByValue(tf.div(tf.addN(ps), views), 1e-7, 1));
    // KL(p ‖ M) = Σ p (log p − log M); log p from log-softmax, so p = 0 underflow gives 0, not NaN.
    const kls = ps.map((p, v) => tf.sum(tf.mul(p, tf.sub(logps[v]!, logMixture)), 1));
    const perSample = tf.mul(tf.div(tf.addN(kls), views), weight) as tf.Tensor1D;
    return reduction === 'none' ? perSample : tf.mean(perSample);
  }) as Reduced<O>;
}
