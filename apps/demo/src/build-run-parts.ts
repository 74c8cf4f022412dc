import type * as tfl from '@tensorflow/tfjs-layers';
import type { Augmentation } from '@tftricks/augment';
import * as A from '@tftricks/augment';
import type { Batch, Rng } from '@tftricks/core';
import * as M from '@tftricks/models';
import { createOptimizer, type TricksOptimizer } from '@tftricks/optimizers';
import { constant, cosine, oneCycle, type Schedule, stepDecay, warmup } from '@tftricks/schedulers';
import type { Recipe } from './recipe';

type Factory = (options: Record<string, unknown>) => Augmentation<unknown>;

/** The augmentation factories a recipe may name (`augment: [{ type: randomCrop, … }]`). */
function augmentationFactory(type: string): Factory {
  const f = (A as unknown as Record<string, unknown>)[type];
  if (
    typeof f !== 'function' ||
    !/^(random|center|color|cutout|autoAugment|randAugment|trivialAugment)/.test(type)
  ) {
    throw new Error(`recipe: augment type '${type}' is not an augmentation of @tftricks/augment`);
  }
  return f as Factory;
}

/** The recipe's augmentation pipeline as one replayable `compose`, or null when it has none. */
export function buildAugmentation(recipe: Recipe): Augmentation<unknown> | null {
  if (!recipe.augment?.length) return null;
  const steps = recipe.augment.map(({ type, ...options }) => augmentationFactory(type)(options));
  return A.compose(steps) as Augmentation<unknown>;
}

/** The recipe's batch mix (mixup / cutmix / either), or null. */
export function buildMix(recipe: Recipe, numClasses: number): ((batch: Batch, rng: Rng) => Batch) | null {
  if (!recipe.mix) return null;
  const { type, ...options } = recipe.mix;
  const mix = (A as unknown as Record<string, (o: Record<string, unknown>) => Augmentation<unknown>>)[type]!({
    ...options,
    numClasses,
  });
  return (batch, rng) => A.augment(mix, batch, rng).batch;
}

/** Builds the recipe's model for `inputShape` with a seeded initialisation. */
export function buildModel(
  spec: Recipe['model'],
  inputShape: [number, number, number],
  numClasses: number,
  seed: number,
): tfl.LayersModel {
  const { type, ...options } = spec;
  const builders = M as unknown as Record<string, (o: Record<string, unknown>) => tfl.LayersModel>;
  const build = builders[type];
  if (typeof build !== 'function')
    throw new Error(`recipe: model type '${type}' is not a builder of @tftricks/models`);
  return build({ ...options, inputShape, numClasses, seed });
}

/** The learning-rate schedule over `totalSteps` optimizer updates. */
export function buildSchedule(recipe: Recipe, totalSteps: number): Schedule {
  const lr = recipe.optimizer.learningRate;
  const s = recipe.schedule ?? { type: 'constant' as const };
  const warm = s.warmupSteps ?? 0;
  let base: Schedule;
  switch (s.type) {
    case 'constant':
      base = constant({ lr });
      break;
    case 'cosine':
      base = cosine({ baseLr: lr, tMax: Math.max(1, totalSteps - warm), min: s.min ?? 0 });
      break;
    case 'oneCycle': {
      // one-cycle has its own warm phase (pctStart); an extra warmup is not added.
      const total = Math.max(2, totalSteps);
      const pct = s.pctStart ?? 0.25;
      // A warm phase of exactly one update is empty in PyTorch's formula (oneCycle refuses it);
      // short runs (e.g. 4 updates at 0.25) then warm up over two updates instead.
      const pctStart = Math.abs(pct * total - 1) < 1e-9 ? Math.min(0.9, 2 / total) : pct;
      return oneCycle({ maxLr: lr, totalSteps: total, pctStart });
    }
    case 'stepDecay':
      base = stepDecay({
        baseLr: lr,
        stepSize: s.stepSize ?? Math.max(1, Math.floor(totalSteps / 3)),
        gamma: s.gamma ?? 0.1,
      });
      break;
  }
  return warm > 0 ? warmup(base, { steps: warm, from: s.warmupFrom ?? 0, prefix: true }) : base;
}

/** The recipe's optimizer, driving `schedule`. */
export function buildOptimizer(recipe: Recipe, schedule: Schedule): TricksOptimizer {
  const o = recipe.optimizer;
  return createOptimizer(o.name, {
    learningRate: schedule,
    ...(o.weightDecay !== undefined ? { weightDecay: o.weightDecay } : {}),
    ...(o.momentum !== undefined ? { momentum: o.momentum } : {}),
    ...(o.clipGradNorm !== undefined ? { clipGradNorm: o.clipGradNorm } : {}),
    ...(o.accumulateSteps !== undefined && o.accumulateSteps > 1
      ? { accumulateSteps: o.accumulateSteps }
      : {}),
  });
}
