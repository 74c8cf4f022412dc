import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';

/**
 * A batch of images: `Tensor4D` in NHWC layout, float32, values in [0, 1], C ∈ {1, 3, 4}.
 * Every augmentation, model and metric in tftricks speaks this shape.
 */
export type Images = Tensor4D;

/**
 * Class targets: `Tensor2D` [N, K], float32. Each row is a probability vector (one-hot,
 * smoothed or mixed) and sums to 1.
 */
export type Targets = Tensor2D;

/** Integer class labels: `Tensor1D` [N], int32, values in [0, K). */
export type Labels = Tensor1D;

/** Images with their targets; N agrees between the two. */
export interface Batch {
  images: Images;
  targets: Targets;
}

/** The channel counts an `Images` tensor may have: gray, RGB, RGBA. */
export const IMAGE_CHANNELS: readonly number[] = [1, 3, 4];
