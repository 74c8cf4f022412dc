import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { CommonLossOptions, LossTargets, Reduced, Reduction } from './loss';
import { checkLossInputs, checkPerClass, checkReduction, perClassTensor, targetRows } from './loss-inputs';

export interface BinaryCrossEntropyWithLogitsOptions extends CommonLossOptions {
  /** Smoothing s in [0, 1]: targets become `t·(1 − s) + 0.5·s` (SmoothBCEwLogits); default 0. */
  smoothing?: number;
  /** PyTorch's `pos_weight`: weight of the positive term, a number or K numbers ≥ 0; default 1. */
  posWeight?: number | readonly number[] | tf.Tensor1D;
  /** PyTorch's `weight`, per class: K numbers ≥ 0 (array or float32 Tensor1D); default none. */
  weight?: readonly number[] | tf.Tensor1D;
  /**
   * 'mean' over all N·K elements (default, as PyTorch), 'sum' over all elements, or 'none':
   * the per-sample mean over the K classes, [N] (so its mean is the 'mean' value).
   */
  reduction?: Reduction;
}

/**
 * Binary cross-entropy on logits, one independent sigmoid per class (multi-label, or timm's
 * BCE training of single-label classifiers): `torch.nn.BCEWithLogitsLoss(weight, pos_weight)`
 * applied to smoothed targets `t·(1 − s) + 0.5·s`. Per element
 * `w_c · [ (1 − t)·x + (1 + (pw_c − 1)·t) · softplus(−x) ]`, with softplus in its stable
 * form, so logits of ±1e4 give finite values and the exact gradient `w·((1 − t) − lw·σ(−x))`.
 *
 * @param logits float32 [N, K].
 * @param targets multi-hot / probability rows [N, K], or class indices (taken as one-hot).
 */
export function binaryCrossEntropyWithLogits<
  O extends BinaryCrossEntropyWithLogitsOptions = { reduction?: 'mean' },
>(logits: tf.Tensor2D, targets: LossTargets, options?: O): Reduced<O> {
  const fn = 'binaryCrossEntropyWithLogits';
  const o: BinaryCrossEntropyWithLogitsOptions = options ?? {};
  const { k } = checkLossInputs(fn, logits, targets, o.checkFinite);
  const s = o.smoothing ?? 0;
  assertNumberInRange(fn, 'options.smoothing', s, 0, 1);
  if (o.posWeight !== undefined) checkPerClass(fn, 'options.posWeight', o.posWeight, k, true);
  if (o.weight !== undefined) checkPerClass(fn, 'options.weight', o.weight, k, false);
  const reduction = o.reduction ?? 'mean';
  checkReduction(fn, reduction, ['mean', 'sum', 'none'] as const);
  const { posWeight, weight } = o;
  return tf.tidy(() => {
    let t: tf.Tensor = targetRows(targets, k);
    if (s > 0) t = tf.add(tf.mul(t, 1 - s), 0.5 * s);
    // log_weight = 1 + (pos_weight − 1)·t scales the −log σ(x) part, as in PyTorch.
    const logWeight =
      posWeight === undefined ? null : tf.add(tf.mul(tf.sub(perClassTensor(posWeight), 1), t), 1);
    const softplusNeg = tf.softplus(tf.neg(logits));
    let elem = tf.add(
      tf.mul(tf.sub(1, t), logits),
      logWeight === null ? softplusNeg : tf.mul(logWeight, softplusNeg),
    );
    if (weight !== undefined) elem = tf.mul(elem, perClassTensor(weight));
    if (reduction === 'mean') return tf.mean(elem);
    if (reduction === 'sum') return tf.sum(elem);
    return tf.mean(elem, 1);
  }) as Reduced<O>;
}
