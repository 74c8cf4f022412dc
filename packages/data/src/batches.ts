import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, type Batch, describeValue, oneHot, type Rng, TricksError } from '@tftricks/core';
import { assertDataset, datasetSize, type ImageDataset } from './image-dataset';

/** A batch drawn from a dataset, with the CPU-side labels and the dataset indices it holds. */
export interface LabelledBatch extends Batch {
  /** N labels, as in the dataset. */
  labels: Int32Array;
  /** The N dataset indices this batch holds, in batch order (for replay and error analysis). */
  indices: number[];
}

export interface BatchesOptions {
  /** Images per batch, ≥ 1. */
  batchSize: number;
  /** Shuffle the order with `rng` (required when true). Default: true when `rng` is given. */
  shuffle?: boolean;
  rng?: Rng;
  /** Drop a last batch smaller than `batchSize`. Default false. */
  dropLast?: boolean;
  /** Restrict to these dataset indices (e.g. one fold of `kFold`). Default: all. */
  indices?: ArrayLike<number>;
  /**
   * `'auto'` (default): each batch's tensors are disposed when the next one is requested or the
   * loop ends, so a plain `for … of` loop never leaks. `'manual'`: the caller disposes them.
   */
  dispose?: 'auto' | 'manual';
}

/** Builds the float32 [0, 1] images and one-hot targets for `indices`. */
export function makeBatch(dataset: ImageDataset, indices: number[]): LabelledBatch {
  const [h, w, c] = dataset.imageShape;
  const size = h * w * c;
  const pixels = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  const scale = dataset.pixels instanceof Uint8Array ? 1 / 255 : 1;
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    const src = dataset.pixels.subarray(j * size, (j + 1) * size);
    const off = i * size;
    for (let k = 0; k < size; k++) pixels[off + k] = src[k]! * scale;
    labels[i] = dataset.labels[j]!;
  }
  const images = tf.tensor4d(pixels, [indices.length, h, w, c], 'float32');
  const targets = oneHot(labels, dataset.numClasses);
  return { images, targets, labels, indices };
}

/**
 * Iterates a dataset in batches of float32 `Images` [B, H, W, C] in [0, 1] with one-hot
 * `Targets` [B, K], optionally shuffled with a seeded `Rng`.
 *
 * @example
 * for (const { images, targets } of batches(train, { batchSize: 128, rng: createRng(0) })) {
 *   optimizer.minimize(() => loss(model.predict(images), targets));
 * } // tensors are disposed as the loop advances
 */
export function* batches(
  dataset: ImageDataset,
  options: BatchesOptions,
): Generator<LabelledBatch, void, undefined> {
  assertDataset('batches', 'dataset', dataset);
  assertInteger('batches', 'options.batchSize', options?.batchSize, 1);
  const shuffle = options.shuffle ?? options.rng !== undefined;
  if (shuffle && !options.rng)
    throw new TricksError('batches', 'options.rng', 'an Rng when shuffle is true', 'undefined');
  const n = datasetSize(dataset);
  const pool = options.indices ? Array.from(options.indices) : Array.from({ length: n }, (_, i) => i);
  pool.forEach((j, i) => {
    if (!Number.isInteger(j) || j < 0 || j >= n)
      throw new TricksError('batches', `options.indices[${i}]`, `an index in [0, ${n})`, describeValue(j));
  });
  if (pool.length === 0)
    throw new TricksError('batches', 'dataset', 'at least one sample', 'an empty dataset');
  const order = shuffle ? options.rng!.permutation(pool.length).map((i) => pool[i]!) : pool;
  const auto = (options.dispose ?? 'auto') === 'auto';
  let current: LabelledBatch | null = null;
  try {
    for (let start = 0; start < order.length; start += options.batchSize) {
      const idx = order.slice(start, start + options.batchSize);
      if (idx.length < options.batchSize && options.dropLast) break;
      if (auto && current) tf.dispose([current.images, current.targets]);
      current = makeBatch(dataset, idx);
      yield current;
    }
  } finally {
    if (auto && current) tf.dispose([current.images, current.targets]);
  }
}

/** Number of batches `batches(dataset, options)` will yield. */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}
