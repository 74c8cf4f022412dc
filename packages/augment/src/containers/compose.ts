import * as tf from '@tensorflow/tfjs-core';
import { type Batch, describeValue, TricksError, withTrustedRange } from '@tftricks/core';
import { type Augmentation, type ImageShape, outputShapeOf } from '../base/augmentation';
import { checkBatch, checkParamsLength } from '../base/batch-checks';
import { composeWindows, type PixelWindows, sampleWindows } from '../base/pixel-windows';

/** Throws unless `augs` is a non-empty array of augmentations. */
export function checkAugmentations(fn: string, augs: unknown): readonly Augmentation<unknown>[] {
  const ok =
    Array.isArray(augs) &&
    augs.length > 0 &&
    augs.every(
      (a) =>
        a !== null &&
        typeof a === 'object' &&
        typeof a.sample === 'function' &&
        typeof a.apply === 'function',
    );
  if (!ok)
    throw new TricksError(fn, 'augmentations', 'a non-empty array of augmentations', describeValue(augs));
  return augs as readonly Augmentation<unknown>[];
}

/**
 * Runs `augs[k]` for k in `order`, disposing intermediate batches. Consecutive children that
 * are exact pixel windows for their params (crops with zero padding, flips) run as one window
 * copy: the same pixels, one kernel instead of one per child.
 */
export function runSequence(
  augs: readonly Augmentation<unknown>[],
  order: readonly number[],
  params: readonly unknown[],
  batch: Batch,
): Batch {
  const n = batch.images.shape[0];
  let current: Batch = batch;
  const advance = (next: Batch) => {
    if (current !== batch) tf.dispose([current.images, current.targets]);
    current = next;
  };
  let pending: PixelWindows | null = null;
  const flush = () => {
    if (!pending) return;
    const win = pending;
    pending = null;
    advance({ images: sampleWindows(current.images, win), targets: tf.clone(current.targets) });
  };
  for (const k of order) {
    const aug = augs[k]!;
    // The shape this child sees: after the windows not yet copied.
    const [, h, w, c] = current.images.shape;
    const shape: ImageShape = pending ? [pending.height, pending.width, c] : [h, w, c];
    const win = aug.pixelWindows?.(params[k], n, shape) ?? null;
    if (win) {
      // Extend the pending run, or copy it out and start a new one from this child.
      const fused: PixelWindows | null = pending && composeWindows(pending, win);
      if (!fused) flush();
      pending = fused ?? win;
      continue;
    }
    flush();
    // Children keep [0, 1]; only the outer batch needs the range check (done by the caller).
    advance(withTrustedRange(() => aug.apply(current, params[k])));
  }
  flush();
  if (current === batch) return { images: tf.clone(batch.images), targets: tf.clone(batch.targets) };
  return current;
}

/**
 * Applies augmentations one after another (torchvision `Compose`). Params: one entry per
 * child, in order, so the whole chain replays. Output shape: the last child's.
 */
export function compose(augmentations: readonly Augmentation<unknown>[]): Augmentation<unknown[]> {
  const fn = 'compose';
  const augs = checkAugmentations(fn, augmentations);
  const order = augs.map((_, i) => i);
  return {
    name: `compose(${augs.map((a) => a.name).join(', ')})`,
    sample(rng, batchSize, imageShape) {
      let shape: ImageShape = imageShape;
      return augs.map((a) => {
        const p = a.sample(rng, batchSize, shape);
        shape = outputShapeOf(a, shape);
        return p;
      });
    },
    apply(batch, params) {
      checkBatch(fn, batch);
      checkParamsLength(fn, 'params', params, augs.length);
      return runSequence(augs, order, params, batch);
    },
    outputShape: (shape) => augs.reduce((s, a) => outputShapeOf(a, s), shape),
  };
}
