import type { Batch, Rng } from '@tftricks/core';
import type { PixelWindows } from './pixel-windows';

/** `[height, width, channels]` of the images an augmentation will see. */
export type ImageShape = readonly [number, number, number];

/**
 * A random augmentation, kornia-style: parameters are drawn on the CPU as plain JSON-able
 * values, then applied with tensor ops only. Keeping the two apart lets a batch be replayed,
 * logged ("which augmentation did this sample get") and inverted where geometry allows.
 *
 * @typeParam P the JSON-able per-batch parameters (usually per-sample arrays of length N).
 */
export interface Augmentation<P = unknown> {
  /** A stable name, used in logs, replay records and policy files. */
  readonly name: string;
  /** Draws parameters for `batchSize` images of `imageShape`. Never touches tensors. */
  sample(rng: Rng, batchSize: number, imageShape: ImageShape): P;
  /** Applies `params` to a batch; returns a new `Batch` (inputs are not disposed). */
  apply(batch: Batch, params: P): Batch;
  /**
   * The image shape this augmentation outputs for `imageShape` (crops change H and W).
   * Absent means "unchanged"; containers use it to sample their later children.
   */
  outputShape?(imageShape: ImageShape): ImageShape;
  /**
   * Optional: `params` as exact pixel windows (crops with zero padding, flips), when the
   * augmentation is one for these params — else null. Validates `params` as `apply` would.
   * `compose` and `randomOrder` run consecutive window augmentations as one copy; targets are
   * unchanged by such augmentations.
   */
  pixelWindows?(params: P, batchSize: number, imageShape: ImageShape): PixelWindows | null;
}

/** The parameters type of an augmentation. */
export type ParamsOf<A> = A extends Augmentation<infer P> ? P : never;

/** The shape an augmentation outputs for `shape` (the same shape when it does not say). */
export function outputShapeOf(aug: Augmentation<unknown>, shape: ImageShape): ImageShape {
  return aug.outputShape ? aug.outputShape(shape) : shape;
}
