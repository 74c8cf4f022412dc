import type { Augmentation, ImageShape } from '../base/augmentation';
import { outputShapeOf } from '../base/augmentation';
import { checkBatch, checkParamsLength } from '../base/batch-checks';
import { checkAugmentations, runSequence } from './compose';

/** Parameters of {@link randomOrder}: the order the children ran in, and each child's params (by child index). */
export interface RandomOrderParams {
  order: number[];
  children: unknown[];
}

/**
 * Applies all `augmentations` in a random order, drawn once per batch (torchvision
 * `RandomOrder`). Params record the order and each child's params.
 */
export function randomOrder(
  augmentations: readonly Augmentation<unknown>[],
): Augmentation<RandomOrderParams> {
  const fn = 'randomOrder';
  const augs = checkAugmentations(fn, augmentations);
  return {
    name: `randomOrder(${augs.map((a) => a.name).join(', ')})`,
    sample(rng, batchSize, imageShape) {
      const order = rng.permutation(augs.length);
      const children = new Array<unknown>(augs.length);
      let shape: ImageShape = imageShape;
      for (const k of order) {
        children[k] = augs[k]!.sample(rng, batchSize, shape);
        shape = outputShapeOf(augs[k]!, shape);
      }
      return { order, children };
    },
    apply(batch, params) {
      checkBatch(fn, batch);
      checkParamsLength(fn, 'params.order', params?.order, augs.length);
      checkParamsLength(fn, 'params.children', params?.children, augs.length);
      return runSequence(augs, params.order, params.children, batch);
    },
    outputShape: (shape) => augs.reduce((s, a) => outputShapeOf(a, s), shape),
  };
}
