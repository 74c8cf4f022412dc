import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Augmentation } from '@tftricks/augment';
import type { Batch } from '@tftricks/core';
import { crossEntropy } from '@tftricks/losses';
import { type TricksOptimizer, WeightEma } from '@tftricks/optimizers';
import type { SerializableSchedule } from '@tftricks/schedulers';
import { buildAugmentation, buildMix } from './build-augmentation';
import { buildModel } from './build-model';
import { buildOptimizer } from './build-optimizer';
import { buildSchedule } from './build-schedule';
import type { Recipe } from './recipe';

/**
 * A training loss: the model's `[B, K]` logits on the (augmented, mixed) batch → a scalar.
 * `labelSmoothing` is what the loss itself still has to smooth: the recipe's ε, or 0 when the
 * batch mix has smoothed the targets already.
 */
export type TrainLoss = (logits: tf.Tensor2D, batch: Batch, labelSmoothing: number) => tf.Scalar;

/** Everything a recipe's training step uses, built by {@link buildRun}. */
export interface RunParts {
  model: tfl.LayersModel;
  /** The trainable variables the optimizer updates, in `model.trainableWeights` order. */
  vars: tf.Variable[];
  optimizer: TricksOptimizer;
  /** The learning rate of every optimizer update (0-based), over the run's `totalUpdates`. */
  schedule: SerializableSchedule;
  augmentation: Augmentation<unknown> | null;
  mix: Augmentation<unknown> | null;
  /** The weight EMA, stepped by optimizer updates (not micro-batches). */
  ema: WeightEma | null;
  /** Label smoothing the loss applies (the recipe's ε without a mix; 0 with one, which smooths). */
  smoothing: number;
  loss: TrainLoss;
}

/** Options of {@link buildRun}. */
export interface BuildRunOptions {
  /** One image's `[H, W, C]`, the model's input. */
  imageShape: [number, number, number];
  numClasses: number;
  /** Optimizer updates of the whole run (what the schedule spans), an integer ≥ 1. */
  totalUpdates: number;
  /** Seed of the model's initialisation. */
  seed: number;
  /** Replaces the recipe's cross-entropy (distillation adds the teacher's soft targets). */
  loss?: TrainLoss;
  /** A model to train instead of building the recipe's (e.g. a pretrained one); not disposed by {@link disposeRun}. */
  model?: tfl.LayersModel;
}

/** The recipe's cross-entropy, smoothed by what is left to smooth. */
const recipeLoss: TrainLoss = (logits, batch, labelSmoothing) =>
  crossEntropy(logits, batch.targets, { labelSmoothing }) as tf.Scalar;

/** The trainable variables of a tfjs-layers model, in `trainableWeights` order. */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Builds the parts of a recipe's run: its model (seeded), schedule over `totalUpdates`,
 * optimizer driving it, augmentation, batch mix, weight EMA and loss. Label smoothing has one
 * owner: with a mix, the mix smooths the targets by `loss.labelSmoothing` and the loss does
 * not; without one, the loss smooths. Free with {@link disposeRun} (the model separately).
 */
export function buildRun(recipe: Recipe, options: BuildRunOptions): RunParts {
  const { imageShape, numClasses, totalUpdates, seed } = options;
  const schedule = buildSchedule(recipe, totalUpdates);
  const augmentation = buildAugmentation(recipe, [imageShape[0], imageShape[1]]);
  const mix = buildMix(recipe);
  // Everything that can refuse the recipe is built before the model, so a refusal leaks nothing.
  const optimizer = buildOptimizer(recipe, schedule);
  const model = options.model ?? buildModel(recipe.model, imageShape, numClasses, seed);
  const epsilon = recipe.loss?.labelSmoothing ?? 0;
  return {
    model,
    vars: trainableVariables(model),
    optimizer,
    schedule,
    augmentation,
    mix,
    ema: recipe.ema
      ? new WeightEma(model.weights, { decay: recipe.ema.decay, warmup: recipe.ema.warmup ?? true })
      : null,
    smoothing: mix ? 0 : epsilon,
    loss: options.loss ?? recipeLoss,
  };
}

/** Frees the optimizer state and the EMA copies of a run (not the model). */
export function disposeRun(parts: RunParts): void {
  parts.ema?.dispose();
  parts.optimizer.dispose();
}
