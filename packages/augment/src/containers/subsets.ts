import * as tf from '@tensorflow/tfjs-core';
import { type Batch, TricksError } from '@tftricks/core';

/**
 * Runs `run(g, subBatch)` on the images of each group `g` (gathered in index order) and
 * puts the results back in the original order. `group[i]` < 0 means "leave image i as is".
 * All group outputs must have the same image shape and number of classes.
 */
export function applyOnSubsets(
  fn: string,
  batch: Batch,
  group: readonly number[],
  run: (g: number, sub: Batch) => Batch,
): Batch {
  const n = group.length;
  const ids = [...new Set(group)].sort((a, b) => a - b);
  if (ids.length === 1 && ids[0]! >= 0) return run(ids[0]!, batch);
  if (ids.length === 1) return { images: tf.clone(batch.images), targets: tf.clone(batch.targets) };
  const parts: Batch[] = [];
  const order: number[] = [];
  try {
    for (const g of ids) {
      const idx = group.flatMap((v, i) => (v === g ? [i] : []));
      order.push(...idx);
      if (g < 0) {
        parts.push(
          tf.tidy(() => {
            const ind = tf.tensor1d(idx, 'int32');
            return { images: tf.gather(batch.images, ind), targets: tf.gather(batch.targets, ind) };
          }),
        );
        continue;
      }
      const sub = tf.tidy(() => {
        const ind = tf.tensor1d(idx, 'int32');
        return { images: tf.gather(batch.images, ind), targets: tf.gather(batch.targets, ind) };
      });
      try {
        parts.push(run(g, sub));
      } finally {
        tf.dispose([sub.images, sub.targets]);
      }
    }
    const shape = parts[0]!.images.shape.slice(1).join('×');
    for (const p of parts) {
      if (p.images.shape.slice(1).join('×') !== shape) {
        throw new TricksError(
          fn,
          'augmentations',
          'children that output one image shape',
          `${shape} and ${p.images.shape.slice(1).join('×')}`,
        );
      }
    }
    // order[j] = original index of concatenated row j; invert it to restore the batch order.
    const inverse = new Int32Array(n);
    order.forEach((orig, j) => {
      inverse[orig] = j;
    });
    return tf.tidy(() => {
      const ind = tf.tensor1d(inverse, 'int32');
      const images = tf.gather(tf.concat(parts.map((p) => p.images)), ind) as tf.Tensor4D;
      const targets = tf.gather(tf.concat(parts.map((p) => p.targets)), ind) as tf.Tensor2D;
      return { images, targets };
    });
  } finally {
    for (const p of parts) tf.dispose([p.images, p.targets]);
  }
}
