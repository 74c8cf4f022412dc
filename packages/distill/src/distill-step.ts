import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describeValue, TricksError } from '@tftricks/core';
import type { LossTargets } from '@tftricks/losses';
import { type DistillationLossOptions, distillationLoss } from './distillation-loss';

export interface DistillStepArgs extends DistillationLossOptions {
  /** The model being trained. */
  student: tfl.LayersModel;
  /** The teacher: a model (run in inference mode) or a function images → logits. */
  teacher: tfl.LayersModel | ((images: tf.Tensor4D) => tf.Tensor2D);
  /** Any tf.Optimizer (a `TricksOptimizer` from @tftricks/optimizers, `tf.train.adam`, …). */
  optimizer: tf.Optimizer;
  /** The (augmented) batch both models see: float32 [N, H, W, C]. */
  images: tf.Tensor4D;
  /** True targets for the hard term (class indices or [N, K] rows); `null` when α = 1. */
  targets: LossTargets | null;
}

/**
 * One online-distillation training step: the teacher predicts the same (augmented) batch in
 * inference mode, the student trains on `distillationLoss` against it. Only the student's
 * trainable weights are updated.
 *
 * @returns the loss of this step (a scalar the caller disposes).
 */
export function distillStep(args: DistillStepArgs): tf.Scalar {
  const fn = 'distillStep';
  const { student, teacher, optimizer, images, targets, ...lossOptions } = args;
  if (!student || typeof (student as { apply?: unknown }).apply !== 'function') {
    throw new TricksError(fn, 'student', 'a tfjs-layers LayersModel', describeValue(student));
  }
  if (!(optimizer instanceof tf.Optimizer))
    throw new TricksError(fn, 'optimizer', 'a tf.Optimizer', describeValue(optimizer));
  const teacherLogits = tf.tidy(() =>
    typeof teacher === 'function'
      ? teacher(images)
      : (teacher.apply(images, { training: false }) as tf.Tensor2D),
  );
  try {
    const vars = student.trainableWeights.map((w) => w.read() as tf.Variable);
    const loss = optimizer.minimize(
      () =>
        distillationLoss(
          student.apply(images, { training: true }) as tf.Tensor2D,
          teacherLogits,
          targets,
          lossOptions,
        ),
      true,
      vars,
    );
    return loss as tf.Scalar;
  } finally {
    teacherLogits.dispose();
  }
}
