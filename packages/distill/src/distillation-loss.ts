import * as tf from '@tensorflow/tfjs-core';
import {
  assertFiniteTensor,
  assertNumberInRange,
  assertRank,
  assertSameBatch,
  assertTensor,
  describeValue,
  TricksError,
} from '@tftricks/core';
import { crossEntropy, type LossTargets } from '@tftricks/losses';

export interface DistillationLossOptions {
  /** Softening temperature T > 0; default 4 (Hinton et al. use 1–20; 4 is the common choice). */
  temperature?: number;
  /** Weight α ∈ [0, 1] of the soft (teacher) term; default 0.9. `1 − α` weighs the hard term. */
  alpha?: number;
  /**
   * The hard loss against the true targets; default `crossEntropy(student, targets)`.
   * Receives the raw student logits.
   */
  hardLoss?: (studentLogits: tf.Tensor2D, targets: LossTargets) => tf.Scalar;
  /** Check logits for NaN/Inf first (one read-back each); default true. */
  checkFinite?: boolean;
}

/**
 * Knowledge-distillation loss (Hinton, Vinyals & Dean 2015):
 *
 * `α · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) · CE(s, targets)`
 *
 * with the KL averaged over the batch (`batchmean`, the true per-sample divergence). The T²
 * factor keeps the soft term's gradients the same size as T changes (they scale as 1/T²), so
 * α keeps its meaning across temperatures.
 *
 * @param studentLogits float32 [N, K] (gradients flow here).
 * @param teacherLogits float32 [N, K] (treated as constants).
 * @param targets class indices or [N, K] target rows; may be `null` when α = 1.
 * @returns a scalar loss.
 */
export function distillationLoss(
  studentLogits: tf.Tensor2D,
  teacherLogits: tf.Tensor2D,
  targets: LossTargets | null,
  options: DistillationLossOptions = {},
): tf.Scalar {
  const fn = 'distillationLoss';
  const T = options.temperature ?? 4;
  const alpha = options.alpha ?? 0.9;
  assertNumberInRange(fn, 'options.temperature', T, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  assertNumberInRange(fn, 'options.alpha', alpha, 0, 1);
  assertTensor(fn, 'studentLogits', studentLogits);
  assertTensor(fn, 'teacherLogits', teacherLogits);
  assertRank(fn, 'studentLogits', studentLogits, 2);
  assertRank(fn, 'teacherLogits', teacherLogits, 2);
  assertSameBatch(fn, 'studentLogits', studentLogits.shape[0], 'teacherLogits', teacherLogits.shape[0]);
  if (studentLogits.shape[1] !== teacherLogits.shape[1]) {
    throw new TricksError(
      fn,
      'teacherLogits',
      `${studentLogits.shape[1]} classes (as the student)`,
      `${teacherLogits.shape[1]}`,
    );
  }
  if (targets === null && alpha < 1)
    throw new TricksError(fn, 'targets', 'targets when alpha < 1', describeValue(targets));
  const checkFinite = options.checkFinite ?? true;
  if (checkFinite) {
    assertFiniteTensor(fn, 'studentLogits', studentLogits);
    assertFiniteTensor(fn, 'teacherLogits', teacherLogits);
  }
  return tf.tidy(() => {
    const invT = tf.scalar(1 / T);
    const zs = tf.mul(studentLogits, invT);
    const zt = tf.mul(teacherLogits, invT);
    // KL(p_t ‖ p_s) = Σ p_t · [(z_t − z_s) − (lse(z_t) − lse(z_s))]. Subtracting the logits
    // before the log-partition functions avoids the cancellation of log p_t − log p_s, which
    // costs float32 digits at high T where the two distributions are close.
    const lseGap = tf.sub(tf.logSumExp(zt, 1, true), tf.logSumExp(zs, 1, true));
    const logRatio = tf.sub(tf.sub(zt, zs), lseGap);
    // The teacher is a constant: gradients are only ever taken w.r.t. the student.
    const kl = tf.mean(tf.sum(tf.mul(tf.softmax(zt), logRatio), 1));
    const soft = tf.mul(kl, tf.scalar(T * T));
    if (alpha === 1) return soft as tf.Scalar;
    const hard = options.hardLoss
      ? options.hardLoss(studentLogits, targets!)
      : crossEntropy(studentLogits, targets!, { checkFinite });
    return tf.add(tf.mul(soft, tf.scalar(alpha)), tf.mul(hard, tf.scalar(1 - alpha))) as tf.Scalar;
  });
}
