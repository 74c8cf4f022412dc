import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, type Batch, type Rng, TricksError } from '@tftricks/core';
import { type ImageDataset, makeBatch } from '@tftricks/data';

/** A dataset whose target rows are given explicitly (one-hot, soft pseudo-labels, teacher outputs). */
export interface TargetedDataset {
  dataset: ImageDataset;
  /** N·K target rows, row-major, each summing to 1. */
  targets: Float32Array;
}

/**
 * Iterates `{ images, targets }` batches of a {@link TargetedDataset}, shuffled with `rng`;
 * each batch's tensors are disposed when the loop advances or ends (like data's `batches`).
 */
export function* targetBatches(
  set: TargetedDataset,
  options: { batchSize: number; rng?: Rng; dropLast?: boolean },
): Generator<Batch, void, undefined> {
  const fn = 'targetBatches';
  assertInteger(fn, 'options.batchSize', options.batchSize, 1);
  const n = set.dataset.labels.length;
  const k = set.dataset.numClasses;
  if (set.targets.length !== n * k)
    throw new TricksError(fn, 'set.targets', `${n}·${k} = ${n * k} values`, `${set.targets.length}`);
  const order = options.rng ? options.rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
  let current: Batch | null = null;
  try {
    for (let start = 0; start < n; start += options.batchSize) {
      const idx = order.slice(start, start + options.batchSize);
      if (idx.length < options.batchSize && options.dropLast) break;
      if (current) tf.dispose([current.images, current.targets]);
      const b = makeBatch(set.dataset, idx);
      const rows = new Float32Array(idx.length * k);
      idx.forEach((j, i) => rows.set(set.targets.subarray(j * k, (j + 1) * k), i * k));
      b.targets.dispose();
      current = { images: b.images, targets: tf.tensor2d(rows, [idx.length, k]) };
      yield current;
    }
  } finally {
    if (current) tf.dispose([current.images, current.targets]);
  }
}
