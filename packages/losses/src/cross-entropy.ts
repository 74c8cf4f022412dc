import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { CommonLossOptions, LossTargets, Reduced, Reduction } from './loss';
import {
  checkLossInputs,
  checkPerClass,
  checkReduction,
  perClassTensor,
  reduce,
  targetIndices,
  targetRows,
} from './loss-inputs';

export interface CrossEntropyOptions extends CommonLossOptions {
  /** Label smoothing ε in [0, 1]: targets become `(1 − ε)·t + ε/K`; default 0. */
  labelSmoothing?: number;
  /** Per-class weights, K numbers ≥ 0 (array or float32 Tensor1D); default none. */
  classWeights?: readonly number[] | tf.Tensor1D;
  /** 'mean' (default), 'sum' or 'none' (per-sample [N]). */
  reduction?: Reduction;
}

/**
 * Softmax cross-entropy from logits, equal to PyTorch 1.13's
 * `F.cross_entropy(logits, targets, weight, reduction, label_smoothing)`, including its
 * weight semantics:
 * - index targets: sample i weighs `w[yᵢ]`, and 'mean' divides by `Σᵢ w[yᵢ]` (not N); with
 *   smoothing the ε/K term is `−Σ_c w_c log p_c`, normalised by the same sum;
 * - probability targets (one-hot, soft): `−Σ_c w_c t_c log p_c`, and 'mean' divides by N
 *   (PyTorch does not normalise by the weights here), so one-hot rows and the equivalent
 *   indices differ with `classWeights` + 'mean', exactly as in PyTorch.
 *
 * `log p` is a log-softmax (log-sum-exp), so logits of ±1e4 give finite values and gradients.
 *
 * @param logits float32 [N, K].
 * @param targets class indices [N] (int32 Tensor1D, number[], Int32Array) or probability rows [N, K].
 * @returns a Scalar, or the per-sample loss [N] with `reduction: 'none'`.
 */
export function crossEntropy<O extends CrossEntropyOptions = CrossEntropyOptions & { reduction?: 'mean' }>(
  logits: tf.Tensor2D,
  targets: LossTargets,
  options?: O,
): Reduced<O> {
  const fn = 'crossEntropy';
  const o: CrossEntropyOptions = options ?? {};
  const { k, kind } = checkLossInputs(fn, logits, targets, o.checkFinite);
  const eps = o.labelSmoothing ?? 0;
  assertNumberInRange(fn, 'options.labelSmoothing', eps, 0, 1);
  const reduction = o.reduction ?? 'mean';
  checkReduction(fn, reduction, ['mean', 'sum', 'none'] as const);
  if (o.classWeights !== undefined) checkPerClass(fn, 'options.classWeights', o.classWeights, k, false);
  const weights = o.classWeights;

  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const w = weights === undefined ? null : perClassTensor(weights);
    if (kind === 'probability') {
      let t = targetRows(targets, k);
      if (eps > 0) t = tf.add(tf.mul(t, 1 - eps), eps / k);
      const wt = w === null ? t : tf.mul(t, w);
      const perSample = tf.neg(tf.sum(tf.mul(wt, logp), 1)) as tf.Tensor1D;
      return reduce(perSample, reduction);
    }
    const onehot = targetRows(targets, k);
    const rowWeight = w === null ? null : (tf.gather(w, targetIndices(targets)) as tf.Tensor1D);
    const wTarget = w === null ? onehot : tf.mul(onehot, w);
    // nll: −w[y]·log p_y per sample; smooth: −Σ_c w_c log p_c (PyTorch's label-smoothing term).
    let perSample = tf.neg(tf.sum(tf.mul(wTarget, logp), 1)) as tf.Tensor1D;
    if (eps > 0) {
      const smooth = tf.neg(tf.sum(w === null ? logp : tf.mul(logp, w), 1));
      perSample = tf.add(tf.mul(perSample, 1 - eps), tf.mul(smooth, eps / k)) as tf.Tensor1D;
    }
    if (reduction === 'mean' && rowWeight !== null) return tf.div(tf.sum(perSample), tf.sum(rowWeight));
    return reduce(perSample, reduction);
  }) as Reduced<O>;
}
