import { type Augmentation, compose } from '@tftricks/augment';
import { describeValue, TricksError } from '@tftricks/core';
import { AUGMENTATIONS, MIXES, SIZED_AUGMENTATIONS } from './augmentation-registry';
import type { Recipe } from './recipe';

function sameSize(size: unknown, h: number, w: number): boolean {
  if (typeof size === 'number') return size === h && size === w;
  return Array.isArray(size) && size.length === 2 && size[0] === h && size[1] === w;
}

/**
 * The recipe's `augment` list as one replayable `compose` (applied in order), or null when it
 * has none. Crops without a `size` crop to the run's image size `[H, W]`; a crop to any other
 * size is refused, since the model is built for `[H, W]`.
 */
export function buildAugmentation(
  recipe: Pick<Recipe, 'augment'>,
  imageSize: readonly [number, number],
): Augmentation<unknown> | null {
  if (!recipe.augment?.length) return null;
  const [h, w] = imageSize;
  const steps = recipe.augment.map(({ type, ...options }, i) => {
    const make = AUGMENTATIONS[type];
    if (!make)
      throw new TricksError(
        'buildAugmentation',
        `recipe.augment[${i}].type`,
        `one of ${Object.keys(AUGMENTATIONS).join(', ')}`,
        describeValue(type),
      );
    if (SIZED_AUGMENTATIONS.includes(type)) {
      if (options.size === undefined) options.size = [h, w];
      else if (!sameSize(options.size, h, w))
        throw new TricksError(
          'buildAugmentation',
          `recipe.augment[${i}].size`,
          `the run's image size [${h}, ${w}] (the model's input) or none`,
          Array.isArray(options.size) ? `[${options.size.join(', ')}]` : describeValue(options.size),
        );
    }
    return make(options);
  });
  return compose(steps) as Augmentation<unknown>;
}

/**
 * The recipe's batch mix (mixup / cutmix / either), or null. Its targets are smoothed by the
 * recipe's `loss.labelSmoothing` (so the loss must not smooth them again).
 */
export function buildMix(recipe: Pick<Recipe, 'mix' | 'loss'>): Augmentation<unknown> | null {
  if (!recipe.mix) return null;
  const { type, ...options } = recipe.mix;
  const make = MIXES[type];
  if (!make)
    throw new TricksError(
      'buildMix',
      'recipe.mix.type',
      `one of ${Object.keys(MIXES).join(', ')}`,
      describeValue(type),
    );
  if (options.labelSmoothing !== undefined)
    throw new TricksError(
      'buildMix',
      'recipe.mix.labelSmoothing',
      'none: label smoothing is set once, by loss.labelSmoothing (the mix applies it)',
      describeValue(options.labelSmoothing),
    );
  // mixupOrCutmix would otherwise smooth by its own default ε (0.1), on top of the loss's.
  return make({ ...options, labelSmoothing: recipe.loss?.labelSmoothing ?? 0 });
}
