import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, describeValue, oneHot, TricksError } from '@tftricks/core';
import type { BatchesOptions, LabelledBatch } from './batches';

/**
 * A dataset whose images are loaded asynchronously (decoded lazily), e.g. an image folder.
 * `labels` is known up front, so `stratifiedSplit` / `kFold` work on it unchanged.
 */
export interface AsyncImageSource {
  /** N integer labels in [0, numClasses). */
  readonly labels: ArrayLike<number>;
  readonly numClasses: number;
  /** `[H, W, C]` of every image. */
  readonly imageShape: [number, number, number];
  /**
   * The uint8 H·W·C pixels (values in [0, 255]) of the images at `indices`, in order; `null`
   * for an image that could not be decoded and was skipped (the source reports it).
   */
  loadImages(indices: number[]): Promise<(Uint8Array | null)[]>;
}

export interface StreamBatchesOptions extends BatchesOptions {
  /**
   * Batches whose pixels start loading before the current batch is handed out, ≥ 0.
   * Default 2. Loading runs while the caller trains on the current batch (in worker threads
   * for Node image folders); only CPU pixels are prefetched, tensors are made on demand.
   */
  prefetch?: number;
}

/**
 * Async counterpart of `batches` for an {@link AsyncImageSource}: float32 `Images`
 * [B, H, W, C] in [0, 1] and one-hot `Targets` [B, K], optionally shuffled with a seeded `Rng`.
 * The order for a given `rng` state equals the order `batches` draws from the same indices.
 * Images that fail to decode are left out of their batch (so that batch is smaller).
 *
 * With `dispose: 'auto'` (default) each batch's tensors are disposed when the next batch is
 * requested or the loop ends: numTensors stays flat over an epoch.
 */
export async function* streamBatches(
  source: AsyncImageSource,
  options: StreamBatchesOptions,
  fn = 'streamBatches',
): AsyncGenerator<LabelledBatch, void, undefined> {
  if (!source || typeof source.loadImages !== 'function') {
    throw new TricksError(
      fn,
      'source',
      'an AsyncImageSource { labels, numClasses, imageShape, loadImages }',
      describeValue(source),
    );
  }
  assertInteger(fn, 'options.batchSize', options?.batchSize, 1);
  const depth = options.prefetch ?? 2;
  assertInteger(fn, 'options.prefetch', depth, 0);
  const shuffle = options.shuffle ?? options.rng !== undefined;
  if (shuffle && !options.rng)
    throw new TricksError(fn, 'options.rng', 'an Rng when shuffle is true', 'undefined');
  const n = source.labels.length;
  const pool = options.indices ? Array.from(options.indices) : Array.from({ length: n }, (_, i) => i);
  pool.forEach((j, i) => {
    if (!Number.isInteger(j) || j < 0 || j >= n)
      throw new TricksError(fn, `options.indices[${i}]`, `an index in [0, ${n})`, describeValue(j));
  });
  if (pool.length === 0) throw new TricksError(fn, 'source', 'at least one sample', 'an empty dataset');
  // Same draw as `batches`, so one seed gives one order whichever API reads the data.
  const order = shuffle ? options.rng!.permutation(pool.length).map((i) => pool[i]!) : pool;
  const chunks: number[][] = [];
  for (let start = 0; start < order.length; start += options.batchSize) {
    const idx = order.slice(start, start + options.batchSize);
    if (idx.length < options.batchSize && options.dropLast) break;
    chunks.push(idx);
  }

  const [h, w, c] = source.imageShape;
  const size = h * w * c;
  const pending: Promise<(Uint8Array | null)[]>[] = [];
  let next = 0;
  const request = () => {
    const p = source.loadImages(chunks[next++]!);
    // A prefetched batch may fail before it is awaited; mark it handled, it rethrows when awaited.
    p.catch(() => undefined);
    pending.push(p);
  };
  const auto = (options.dispose ?? 'auto') === 'auto';
  let current: LabelledBatch | null = null;
  try {
    for (let k = 0; k < chunks.length; k++) {
      while (next < chunks.length && next <= k + depth) request();
      const loaded = await pending.shift()!;
      const idx = chunks[k]!;
      const kept: number[] = [];
      const pixels: Uint8Array[] = [];
      loaded.forEach((px, i) => {
        if (px === null) return;
        if (px.length !== size)
          throw new TricksError(
            fn,
            `image ${idx[i]}`,
            `${size} pixel values (${h}·${w}·${c})`,
            `${px.length}`,
          );
        kept.push(idx[i]!);
        pixels.push(px);
      });
      if (kept.length === 0) continue;
      const data = new Float32Array(kept.length * size);
      const scale = 1 / 255;
      pixels.forEach((px, i) => {
        const off = i * size;
        for (let q = 0; q < size; q++) data[off + q] = px[q]! * scale;
      });
      const labels = Int32Array.from(kept, (j) => source.labels[j]!);
      if (auto && current) tf.dispose([current.images, current.targets]);
      current = {
        images: tf.tensor4d(data, [kept.length, h, w, c], 'float32'),
        targets: oneHot(labels, source.numClasses),
        labels,
        indices: kept,
      };
      yield current;
    }
  } finally {
    if (auto && current) tf.dispose([current.images, current.targets]);
  }
}
