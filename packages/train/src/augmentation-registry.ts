import type { Augmentation } from '@tftricks/augment';
import * as A from '@tftricks/augment';

/** A factory of `@tftricks/augment` as a recipe calls it: plain JSON options in, an augmentation out. */
export type AugmentationFactory = (options: Record<string, unknown>) => Augmentation<unknown>;

const factory = (f: unknown) => f as AugmentationFactory;

/**
 * The per-image random augmentations and policies of `@tftricks/augment` a recipe's `augment`
 * list may name (`augment: [{ type: randomCrop, padding: 2 }]`), by their exported names.
 * Left out: batch mixes (the `mix` section), containers (the list is a `compose`) and augMix
 * (its 3N batch needs a JSD loss the recipe loop does not have).
 */
export const AUGMENTATIONS: Readonly<Record<string, AugmentationFactory>> = {
  randomHorizontalFlip: factory(A.randomHorizontalFlip),
  randomVerticalFlip: factory(A.randomVerticalFlip),
  randomCrop: factory(A.randomCrop),
  centerCrop: factory(A.centerCrop),
  randomResizedCrop: factory(A.randomResizedCrop),
  colorJitter: factory(A.colorJitter),
  randomAffine: factory(A.randomAffine),
  randomPerspective: factory(A.randomPerspective),
  randomRotation: factory(A.randomRotation),
  randomInvert: factory(A.randomInvert),
  randomPosterize: factory(A.randomPosterize),
  randomSolarize: factory(A.randomSolarize),
  randomAutocontrast: factory(A.randomAutocontrast),
  randomEqualize: factory(A.randomEqualize),
  randomAdjustSharpness: factory(A.randomAdjustSharpness),
  randomGrayscale: factory(A.randomGrayscale),
  randomGaussianBlur: factory(A.randomGaussianBlur),
  randomErasing: factory(A.randomErasing),
  cutout: factory(A.cutout),
  randomColorSkew: factory(A.randomColorSkew),
  autoAugment: factory(A.autoAugment),
  randAugment: factory(A.randAugment),
  trivialAugmentWide: factory(A.trivialAugmentWide),
};

/** Augmentations whose output `size` defaults to the run's image size when a recipe leaves it out. */
export const SIZED_AUGMENTATIONS: readonly string[] = ['randomCrop', 'centerCrop', 'randomResizedCrop'];

/** The batch mixes a recipe's `mix` section may name. */
export const MIXES: Readonly<Record<string, AugmentationFactory>> = {
  mixup: factory(A.mixup),
  cutmix: factory(A.cutmix),
  mixupOrCutmix: factory(A.mixupOrCutmix),
};
