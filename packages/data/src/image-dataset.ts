import { describeValue, TricksError } from '@tftricks/core';

/**
 * An in-memory labelled image dataset, stored compactly on the CPU.
 *
 * `pixels` holds N images in NHWC order: uint8 in [0, 255] (decoded files, IDX) or float32
 * in [0, 1]. Batches become float32 `Images` in [0, 1] only when they are drawn, so a 60k
 * dataset costs 47 MB rather than 188 MB.
 */
export interface ImageDataset {
  /** N·H·W·C pixel values, NHWC. */
  pixels: Uint8Array | Float32Array;
  /** N integer labels in [0, numClasses). */
  labels: Uint8Array | Int32Array;
  /** `[H, W, C]`. */
  imageShape: [number, number, number];
  numClasses: number;
  /** Optional class names, length `numClasses`. */
  classNames?: string[];
}

/** Number of samples in a dataset. */
export function datasetSize(dataset: ImageDataset): number {
  return dataset.labels.length;
}

/** Throws a TricksError unless `dataset` is internally consistent. */
export function assertDataset(fn: string, arg: string, dataset: ImageDataset): void {
  if (!dataset || !dataset.pixels || !dataset.labels || !Array.isArray(dataset.imageShape)) {
    throw new TricksError(
      fn,
      arg,
      'an ImageDataset { pixels, labels, imageShape, numClasses }',
      describeValue(dataset),
    );
  }
  const [h, w, c] = dataset.imageShape;
  const n = dataset.labels.length;
  if (dataset.pixels.length !== n * h * w * c) {
    throw new TricksError(
      fn,
      `${arg}.pixels`,
      `${n}·${h}·${w}·${c} = ${n * h * w * c} values (one image per label)`,
      `${dataset.pixels.length}`,
    );
  }
}

/** A new dataset holding the samples at `indices`, in that order (copies the pixels). */
export function subsetDataset(dataset: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  assertDataset('subsetDataset', 'dataset', dataset);
  const [h, w, c] = dataset.imageShape;
  const size = h * w * c;
  const n = datasetSize(dataset);
  const pixels =
    dataset.pixels instanceof Uint8Array
      ? new Uint8Array(indices.length * size)
      : new Float32Array(indices.length * size);
  const labels =
    dataset.labels instanceof Uint8Array ? new Uint8Array(indices.length) : new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    if (!Number.isInteger(j) || j < 0 || j >= n)
      throw new TricksError('subsetDataset', `indices[${i}]`, `an index in [0, ${n})`, describeValue(j));
    pixels.set(dataset.pixels.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = dataset.labels[j]!;
  }
  return { ...dataset, pixels, labels };
}
