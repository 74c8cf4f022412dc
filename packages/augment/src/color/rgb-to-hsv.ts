import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { hsvFromRgb } from '../kernels/hsv';
import { assertRgbImages } from './color-input';

/**
 * RGB → HSV with OpenCV's `COLOR_RGB2HSV` conventions for float images.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32: H in degrees [0, 360) (0 for gray pixels), S and V in [0, 1]
 */
export function rgbToHsv(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToHsv', images);
  return tf.tidy(() => hsvFromRgb(images));
}
