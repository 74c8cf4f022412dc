import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { LUMA } from './luma';

/** `Y = 0.299 R + 0.587 G + 0.114 B` without validation, `[N, H, W, 1]`. Call inside `tf.tidy`. */
export function grayFromRgb(rgb: tf.Tensor4D, weights: readonly number[] = LUMA): tf.Tensor4D {
  return tf.sum(tf.mul(rgb, tf.tensor1d(weights as number[])), 3, true) as tf.Tensor4D;
}

/**
 * RGB → gray with OpenCV's `COLOR_RGB2GRAY` weights (0.299, 0.587, 0.114).
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 1]` float32 in [0, 1]
 */
export function rgbToGray(images: Images): Images {
  assertRgbImages('rgbToGray', images);
  return tf.tidy(() => grayFromRgb(images));
}
