import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import type { CommonLossOptions, LossTargets, Reduced, Reduction } from './loss';
import {
  checkLossInputs,
  checkPerClass,
  checkReduction,
  perClassTensor,
  reduce,
  targetRows,
} from './loss-inputs';

export interface FocalLossOptions extends CommonLossOptions {
  /**
   * 'softmax' (default): multi-class focal loss `−Σ_c α_c t_c (1 − p_c)^γ log p_c`;
   * 'sigmoid': torchvision's `sigmoid_focal_loss`, one sigmoid per class.
   */
  form?: 'softmax' | 'sigmoid';
  /** The focusing parameter γ ≥ 0; γ = 0 is (weighted) cross-entropy; default 2. */
  gamma?: number;
  /**
   * Class balance α. Softmax form: a number or K per-class numbers ≥ 0, default none (1).
   * Sigmoid form: α ∈ [0, 1] weighs positives, 1 − α negatives; default 0.25 (torchvision);
   * a negative value turns the weighting off, as in torchvision.
   */
  alpha?: number | readonly number[] | tf.Tensor1D;
  /**
   * 'mean' (default), 'sum' or 'none' ([N]). For the sigmoid form 'mean' / 'sum' run over
   * all N·K elements (as torchvision) and 'none' is the per-sample mean over classes.
   */
  reduction?: Reduction;
}

/**
 * Focal loss (Lin et al.), from logits with log-sum-exp / stable sigmoids:
 * - softmax form, for index targets `−α_y (1 − p_y)^γ log p_y`, generalised to probability rows
 *   as `−Σ_c α_c t_c (1 − p_c)^γ log p_c`;
 * - sigmoid form, equal to `torchvision.ops.sigmoid_focal_loss`:
 *   `α_t · BCE(x, t) · (1 − p_t)^γ` per element.
 *
 * @param logits float32 [N, K].
 * @param targets class indices [N] or probability / multi-hot rows [N, K].
 */
export function focalLoss<O extends FocalLossOptions = { reduction?: 'mean' }>(
  logits: tf.Tensor2D,
  targets: LossTargets,
  options?: O,
): Reduced<O> {
  const fn = 'focalLoss';
  const o: FocalLossOptions = options ?? {};
  const { k } = checkLossInputs(fn, logits, targets, o.checkFinite);
  const form = o.form ?? 'softmax';
  assertOneOf(fn, 'options.form', form, ['softmax', 'sigmoid'] as const);
  const gamma = o.gamma ?? 2;
  assertNumberInRange(fn, 'options.gamma', gamma, 0, Number.POSITIVE_INFINITY);
  const reduction = o.reduction ?? 'mean';
  checkReduction(fn, reduction, ['mean', 'sum', 'none'] as const);
  const alpha = o.alpha ?? (form === 'sigmoid' ? 0.25 : undefined);
  if (form === 'sigmoid') {
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha > 1) {
      throw new TricksError(
        fn,
        'options.alpha',
        'a number ≤ 1 for the sigmoid form (negative: no weighting)',
        describeValue(alpha),
      );
    }
  } else if (alpha !== undefined) {
    checkPerClass(fn, 'options.alpha', alpha, k, true);
  }
  // (1 − p)^γ with γ = 0 is 1 even where 1 − p = 0; pow(0, 0) is 1 in tfjs, but its gradient
  // is NaN there, so skip the factor entirely.
  const modulate = (oneMinusP: tf.Tensor): tf.Tensor | null =>
    gamma === 0 ? null : tf.pow(oneMinusP, gamma);

  return tf.tidy(() => {
    const t = targetRows(targets, k);
    if (form === 'softmax') {
      const logp = tf.logSoftmax(logits);
      // 1 − p = −expm1(log p): no cancellation when p is tiny.
      const m = modulate(tf.neg(tf.expm1(logp)));
      let elem = tf.mul(t, logp);
      if (m !== null) elem = tf.mul(elem, m);
      if (alpha !== undefined)
        elem = tf.mul(elem, perClassTensor(alpha as number | readonly number[] | tf.Tensor1D));
      return reduce(tf.neg(tf.sum(elem, 1)) as tf.Tensor1D, reduction);
    }
    const a = alpha as number;
    const p = tf.sigmoid(logits);
    const q = tf.sigmoid(tf.neg(logits)); // 1 − p without cancellation
    const bce = tf.add(tf.mul(tf.sub(1, t), logits), tf.softplus(tf.neg(logits)));
    // 1 − p_t = p(1 − t) + (1 − p)t, the same quantity as torchvision's 1 − (p t + (1 − p)(1 − t)).
    const m = modulate(tf.add(tf.mul(p, tf.sub(1, t)), tf.mul(q, t)));
    let elem = m === null ? bce : tf.mul(bce, m);
    if (a >= 0) elem = tf.mul(elem, tf.add(tf.mul(t, a), tf.mul(tf.sub(1, t), 1 - a)));
    if (reduction === 'mean') return tf.mean(elem);
    if (reduction === 'sum') return tf.sum(elem);
    return tf.mean(elem, 1);
  }) as Reduced<O>;
}
