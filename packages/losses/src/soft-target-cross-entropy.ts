import * as tf from '@tensorflow/tfjs-core';
import type { CommonLossOptions, LossTargets, Reduced, Reduction } from './loss';
import { checkLossInputs, checkReduction, reduce, targetRows } from './loss-inputs';

export interface SoftTargetCrossEntropyOptions extends CommonLossOptions {
  /** 'mean' (default), 'sum' or 'none' (per-sample [N]). */
  reduction?: Reduction;
}

/**
 * timm's `SoftTargetCrossEntropy`: `mean_i( −Σ_c t_ic · log_softmax(x)_ic )`, the loss for
 * mixup / cutmix targets. Unlike `crossEntropy` it takes no smoothing or weights (mixup
 * targets already carry the smoothing). Computed with log-sum-exp, stable for logits of ±1e4.
 *
 * @param logits float32 [N, K].
 * @param targets probability rows [N, K] (or class indices, taken as one-hot).
 */
export function softTargetCrossEntropy<O extends SoftTargetCrossEntropyOptions = { reduction?: 'mean' }>(
  logits: tf.Tensor2D,
  targets: LossTargets,
  options?: O,
): Reduced<O> {
  const fn = 'softTargetCrossEntropy';
  const o: SoftTargetCrossEntropyOptions = options ?? {};
  const { k } = checkLossInputs(fn, logits, targets, o.checkFinite);
  const reduction = o.reduction ?? 'mean';
  checkReduction(fn, reduction, ['mean', 'sum', 'none'] as const);
  return tf.tidy(() => {
    const perSample = tf.neg(tf.sum(tf.mul(targetRows(targets, k), tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
    return reduce(perSample, reduction);
  }) as Reduced<O>;
}
