import { assertProbability } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkAugmentations, compose } from './compose';
import { choiceAugmentation, type OneOfParams } from './one-of';

/**
 * Applies `augmentations` (in order, as one `compose`) to each image with probability `p`
 * (torchvision `RandomApply`, per sample). Only the chosen images go through the chain.
 * Params: `{ choice: 0 (applied) | −1 (skipped) per image, children: [chain params] }`.
 */
export function randomApply(
  augmentations: Augmentation<unknown> | readonly Augmentation<unknown>[],
  p = 0.5,
  options: { sameOnBatch?: boolean } = {},
): Augmentation<OneOfParams> {
  const fn = 'randomApply';
  assertProbability(fn, 'p', p);
  const chain = Array.isArray(augmentations)
    ? compose(augmentations)
    : (augmentations as Augmentation<unknown>);
  checkAugmentations(fn, [chain]);
  const sameOnBatch = options.sameOnBatch ?? false;
  return choiceAugmentation(
    fn,
    `randomApply(${chain.name}, ${p})`,
    [chain],
    (rng) => (p >= 1 || (p > 0 && rng.bernoulli(p)) ? 0 : -1),
    sameOnBatch,
  );
}
