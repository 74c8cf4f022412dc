import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Augmentation, augment } from '@tftricks/augment';
import type { Batch, Rng } from '@tftricks/core';
import { crossEntropy } from '@tftricks/losses';
import { type TricksOptimizer, WeightEma } from '@tftricks/optimizers';
import type { Schedule } from '@tftricks/schedulers';
import { buildAugmentation, buildMix, buildOptimizer } from './build-run-parts';
import type { Recipe } from './recipe';

/** What one training step of a recipe uses: the model, its optimizer and the recipe's tricks. */
export interface StepParts {
  model: tfl.LayersModel;
  /** The trainable variables the optimizer updates. */
  vars: tf.Variable[];
  optimizer: TricksOptimizer;
  aug: Augmentation<unknown> | null;
  mix: ((batch: Batch, rng: Rng) => Batch) | null;
  ema: WeightEma | null;
  smoothing: number;
  /** Replaces the recipe's cross-entropy (distillation adds the teacher's soft targets). */
  loss?: (logits: tf.Tensor2D, batch: Batch) => tf.Scalar;
}

/** One step's outcome: the batch's training loss and how many of its images the model got right. */
export interface StepOutcome {
  loss: number;
  correct: number;
}

/** The trainable variables of a tfjs-layers model, in `trainableWeights` order. */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Builds the step machinery of `recipe` for `model`: its augmentation, batch mix, optimizer
 * (driving `schedule`), weight EMA and label smoothing. Dispose with {@link disposeStepParts}.
 */
export function buildStepParts(
  recipe: Recipe,
  model: tfl.LayersModel,
  numClasses: number,
  schedule: Schedule,
  loss?: StepParts['loss'],
): StepParts {
  return {
    model,
    vars: trainableVariables(model),
    optimizer: buildOptimizer(recipe, schedule),
    aug: buildAugmentation(recipe),
    mix: buildMix(recipe, numClasses),
    ema: recipe.ema
      ? new WeightEma(model.weights, { decay: recipe.ema.decay, warmup: recipe.ema.warmup ?? true })
      : null,
    smoothing: recipe.loss?.labelSmoothing ?? 0,
    ...(loss ? { loss } : {}),
  };
}

/** Frees the optimizer state and the EMA copies (not the model). */
export function disposeStepParts(parts: StepParts): void {
  parts.ema?.dispose();
  parts.optimizer.dispose();
}

/**
 * One training step of the demo (what `trainRun` runs for every batch): augment `raw` with
 * `rng`, mix it, one optimizer update on the (smoothed) cross-entropy, then the EMA update.
 * `raw` is left to the caller to dispose; every tensor made here is freed.
 */
export function trainStep(parts: StepParts, raw: Batch, rng: Rng): StepOutcome {
  const { model, optimizer, aug, mix, ema, smoothing } = parts;
  let batch: Batch = raw;
  if (aug) batch = augment(aug, batch, rng).batch;
  if (mix) {
    const mixed = mix(batch, rng);
    if (batch !== raw) tf.dispose([batch.images, batch.targets]);
    batch = mixed;
  }
  let correct: tf.Tensor | null = null;
  const lossFn = () => {
    const logits = model.apply(batch.images, { training: true }) as tf.Tensor2D;
    correct = tf.keep(
      tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(batch.targets, 1)), 'float32')),
    );
    if (parts.loss) return parts.loss(logits, batch);
    return crossEntropy(logits, batch.targets, { labelSmoothing: smoothing }) as tf.Scalar;
  };
  const loss = optimizer.minimize(lossFn, true, parts.vars) as tf.Scalar;
  ema?.update();
  const [lossValue] = loss.dataSync();
  const counted = correct as tf.Tensor | null;
  const correctValue = counted ? counted.dataSync()[0]! : 0;
  tf.dispose([loss, counted as tf.Tensor]);
  if (batch !== raw) tf.dispose([batch.images, batch.targets]);
  return { loss: lossValue!, correct: correctValue };
}
