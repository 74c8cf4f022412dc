import * as tf from '@tensorflow/tfjs-core';
import { assertImages, describeValue, type Images, TricksError } from '@tftricks/core';
import { pixelMatMul } from './pixel-mat-mul';

/** torchvision's `rgb_to_grayscale` weights (note 0.2989, not OpenCV's 0.299). */
export const TORCHVISION_LUMA = [0.2989, 0.587, 0.114] as const;

/**
 * `[N, H, W, 3]` RGB times a 3×k weight matrix as one matmul ({@link pixelMatMul}): a dense
 * kernel on every backend, where a `[3]` broadcast multiply plus a last-axis sum runs ~25×
 * slower on wasm.
 */
function mixChannels(rgb: tf.Tensor4D, weights: readonly number[], k: number): tf.Tensor4D {
  const [n, h, w] = rgb.shape;
  return tf.reshape(pixelMatMul(tf.reshape(rgb, [n * h * w, 3]), weights, k), [n, h, w, k]);
}

/** Luma of `[N, H, W, 3]` RGB as `[N, H, W, 1]`, torchvision's weights. Call inside `tf.tidy`. */
export function luma(rgb: tf.Tensor4D): tf.Tensor4D {
  return mixChannels(rgb, [...TORCHVISION_LUMA], 1);
}

/**
 * Luma of `[N, H, W, 3]` RGB repeated in all three channels, `[N, H, W, 3]`: gray as an RGB
 * image without a broadcast or tile (both slow on wasm). Call inside `tf.tidy`.
 */
export function lumaRgb(rgb: tf.Tensor4D): tf.Tensor4D {
  return mixChannels(
    rgb,
    TORCHVISION_LUMA.flatMap((v) => [v, v, v]),
    3,
  );
}

/**
 * Per-image mean of the luma of `[N, H, W, C]` images (C = 3: RGB; C = 1: the image itself),
 * `[N, 1, 1, 1]`, as one `[N, H·W·C] × [H·W·C, 1]` matmul with the luma weights spread over
 * the pixels: a single pass over the batch, where a mean over a gray image first makes the
 * gray image and then reduces it. Call inside `tf.tidy`.
 */
export function meanLuma(images: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  const pixels = h * w;
  const channel = c === 1 ? [1] : [...TORCHVISION_LUMA];
  const weights = new Float32Array(pixels * c);
  for (let i = 0; i < weights.length; i++) weights[i] = channel[i % c]! / pixels;
  const flat = tf.reshape(images, [n, pixels * c]);
  return tf.reshape(tf.matMul(flat, tf.tensor2d(weights, [pixels * c, 1])), [n, 1, 1, 1]);
}

/**
 * Grayscale, torchvision's `rgb_to_grayscale`: `0.2989 R + 0.587 G + 0.114 B`.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1]; C = 1 is already gray (copied or
 *   repeated), C = 4 uses RGB and keeps alpha when `numOutputChannels` is 3 (dropped for 1)
 * @param numOutputChannels 1 (default) or 3 (the gray value repeated, for RGB pipelines)
 * @returns `[N, H, W, numOutputChannels]` (`[N, H, W, 4]` for RGBA with 3) float32 in [0, 1]
 */
export function grayscale(images: Images, numOutputChannels: 1 | 3 = 1): Images {
  assertImages('grayscale', 'images', images);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) {
    throw new TricksError('grayscale', 'numOutputChannels', '1 or 3', describeValue(numOutputChannels));
  }
  const [n, h, w, c] = images.shape;
  return tf.tidy(() => {
    const color = c === 4 ? tf.slice(images, [0, 0, 0, 0], [n, h, w, 3]) : images;
    if (numOutputChannels === 1) return c === 1 ? tf.clone(images) : luma(color);
    const rgb = c === 1 ? tf.tile(images, [1, 1, 1, 3]) : lumaRgb(color);
    return c === 4 ? tf.concat([rgb, tf.slice(images, [0, 0, 0, 3], [n, h, w, 1])], 3) : rgb;
  });
}
