import * as tf from '@tensorflow/tfjs-core';
import { assertFiniteNumber, assertNumberInRange } from '@tftricks/core';
import type { CommonLossOptions, LossTargets, Reduced, Reduction } from './loss';
import { checkLossInputs, checkReduction, reduce, targetRows } from './loss-inputs';

export interface PolyLossOptions extends CommonLossOptions {
  /** ε of Poly-1, any finite number (the paper uses −1 … 2, and 1 for ImageNet); default 1. */
  epsilon?: number;
  /** Label smoothing in [0, 1], applied to the targets of both terms; default 0. */
  labelSmoothing?: number;
  /** 'mean' (default), 'sum' or 'none' (per-sample [N]). */
  reduction?: Reduction;
}

/**
 * Poly-1 loss (Leng et al., "PolyLoss", 2022): `CE + ε·(1 − p_t)` with `p_t = Σ_c t_c p_c`,
 * the paper's reference formula; targets are smoothed first when `labelSmoothing` > 0.
 * Cross-entropy is a log-softmax, so logits of ±1e4 stay finite.
 *
 * @param logits float32 [N, K].
 * @param targets class indices [N] or probability rows [N, K].
 */
export function polyLoss<O extends PolyLossOptions = { reduction?: 'mean' }>(
  logits: tf.Tensor2D,
  targets: LossTargets,
  options?: O,
): Reduced<O> {
  const fn = 'polyLoss';
  const o: PolyLossOptions = options ?? {};
  const { k } = checkLossInputs(fn, logits, targets, o.checkFinite);
  const epsilon = o.epsilon ?? 1;
  assertFiniteNumber(fn, 'options.epsilon', epsilon);
  const smoothing = o.labelSmoothing ?? 0;
  assertNumberInRange(fn, 'options.labelSmoothing', smoothing, 0, 1);
  const reduction = o.reduction ?? 'mean';
  checkReduction(fn, reduction, ['mean', 'sum', 'none'] as const);
  return tf.tidy(() => {
    let t: tf.Tensor = targetRows(targets, k);
    if (smoothing > 0) t = tf.add(tf.mul(t, 1 - smoothing), smoothing / k);
    const logp = tf.logSoftmax(logits);
    const ce = tf.neg(tf.sum(tf.mul(t, logp), 1));
    const pt = tf.sum(tf.mul(t, tf.exp(logp)), 1);
    return reduce(tf.add(ce, tf.mul(tf.sub(1, pt), epsilon)) as tf.Tensor1D, reduction);
  }) as Reduced<O>;
}
