import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  type Batch,
  describeValue,
  type Images,
  type Rng,
  TricksError,
  withTrustedRange,
} from '@tftricks/core';
import type { Augmentation } from './augmentation';
import { checkBatch } from './batch-checks';

function checkAugmentation(fn: string, aug: unknown): void {
  const ok =
    aug !== null &&
    typeof aug === 'object' &&
    typeof (aug as Augmentation).sample === 'function' &&
    typeof (aug as Augmentation).apply === 'function';
  if (!ok) throw new TricksError(fn, 'aug', 'an Augmentation { name, sample, apply }', describeValue(aug));
}

/**
 * Draws parameters for `batch` from `rng` and applies them: the one call a training loop
 * needs. The returned params are plain JSON; `aug.apply(batch, params)` replays the batch.
 *
 * @param batch images [N, H, W, C] in [0, 1] and targets [N, K]; not disposed.
 * @returns a new batch and the params used.
 */
export function augment<P>(aug: Augmentation<P>, batch: Batch, rng: Rng): { batch: Batch; params: P } {
  checkAugmentation('augment', aug);
  const n = checkBatch('augment', batch);
  const [, h, w, c] = batch.images.shape;
  const params = aug.sample(rng, n, [h, w, c]);
  // The batch was range-checked once above; the ops inside keep [0, 1], so nested checks are skipped.
  return { batch: withTrustedRange(() => aug.apply(batch, params)), params };
}

/**
 * {@link augment} for images without targets (inference-time or self-supervised pipelines).
 * Batch mixes still mix images; their targets are dropped.
 *
 * @param images `Images` [N, H, W, C] in [0, 1]; not disposed.
 * @returns new images and the params used.
 */
export function augmentImages<P>(
  aug: Augmentation<P>,
  images: Images,
  rng: Rng,
): { images: Images; params: P } {
  checkAugmentation('augmentImages', aug);
  assertImages('augmentImages', 'images', images);
  // A one-class target (rows of 1) rides along and is discarded.
  const targets = tf.ones([images.shape[0], 1]) as tf.Tensor2D;
  try {
    const { batch, params } = augment(aug, { images, targets }, rng);
    batch.targets.dispose();
    return { images: batch.images, params };
  } finally {
    targets.dispose();
  }
}
