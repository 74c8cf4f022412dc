import { loadFashionMnist, subsetDataset } from '@tftricks/data';
import { parseRecipe } from '../src/parse-recipe';
import type { Recipe } from '../src/recipe';
import type { TrainData } from '../src/train-options';

/**
 * A recipe with every per-step trick (augmentation, mix — which smooths the targets by
 * `loss.labelSmoothing` —, AdamW with clipping, one-cycle schedule, weight EMA) on a 4-wide
 * one-stage CNN, so the cpu backend runs a step in milliseconds.
 */
export const TINY_RECIPE = `name: tiny
model:
  type: simpleCnn
  widths: [4]
  convsPerStage: 1
epochs: 2
batchSize: 16
trainLimit: 64
augment:
  - type: randomCrop
    padding: 2
  - type: randomHorizontalFlip
    p: 0.5
mix:
  type: mixupOrCutmix
loss:
  labelSmoothing: 0.1
optimizer:
  name: adamw
  learningRate: 0.01
  weightDecay: 0.05
  clipGradNorm: 2
schedule:
  type: oneCycle
  pctStart: 0.3
ema:
  decay: 0.9
  warmup: true
`;

export function tinyRecipe(overrides: Partial<Recipe> = {}): Recipe {
  return { ...parseRecipe(TINY_RECIPE, 'tiny.yaml'), ...overrides };
}

/** The embedded subset's first 64 training images and 16 test images. */
export async function tinyData(): Promise<TrainData> {
  const fm = await loadFashionMnist({ subset: true });
  return {
    train: subsetDataset(
      fm.train,
      Array.from({ length: 64 }, (_, i) => i),
    ),
    test: subsetDataset(
      fm.test,
      Array.from({ length: 16 }, (_, i) => i),
    ),
  };
}
