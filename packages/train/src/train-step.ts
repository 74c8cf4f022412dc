import * as tf from '@tensorflow/tfjs-core';
import { augment } from '@tftricks/augment';
import type { Batch, Rng } from '@tftricks/core';
import type { RunParts } from './build-run';

/** One step's outcome: the batch's training loss and how many of its images the model got right. */
export interface StepOutcome {
  /** The loss on the augmented, mixed batch (smoothed / soft targets when the recipe has them). */
  loss: number;
  /** Images whose top logit is the top target (the mixed target's larger part when mixed). */
  correct: number;
}

/**
 * One training step of a recipe (what `train` runs for every batch): augments `raw` (images
 * `[B, H, W, C]` in [0, 1], one-hot targets `[B, K]`) with `rng`, mixes it, takes one optimizer
 * step on the run's loss, then steps the weight EMA — once per optimizer update, with that
 * update's number, so under gradient accumulation (`accumulateSteps` k) it moves once every k
 * batches at the decay of the real update count. `raw` is left to the caller to dispose; every
 * tensor made here is freed.
 */
export function trainStep(parts: RunParts, raw: Batch, rng: Rng): StepOutcome {
  const { model, optimizer, augmentation, mix, ema, smoothing } = parts;
  let batch: Batch = raw;
  if (augmentation) batch = augment(augmentation, batch, rng).batch;
  if (mix) {
    const mixed = augment(mix, batch, rng).batch;
    if (batch !== raw) tf.dispose([batch.images, batch.targets]);
    batch = mixed;
  }
  let correct: tf.Tensor | null = null;
  const lossFn = () => {
    const logits = model.apply(batch.images, { training: true }) as tf.Tensor2D;
    correct = tf.keep(
      tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(batch.targets, 1)), 'float32')),
    );
    return parts.loss(logits, batch, smoothing);
  };
  const updatesBefore = optimizer.step;
  const loss = optimizer.minimize(lossFn, true, parts.vars) as tf.Scalar;
  // A micro-batch of gradient accumulation changes no weight: the EMA waits for the update.
  if (ema && optimizer.step > updatesBefore) ema.update(optimizer.step);
  const [lossValue] = loss.dataSync();
  const counted = correct as tf.Tensor | null;
  const correctValue = counted ? counted.dataSync()[0]! : 0;
  tf.dispose([loss, counted as tf.Tensor]);
  if (batch !== raw) tf.dispose([batch.images, batch.targets]);
  return { loss: lossValue!, correct: correctValue };
}
