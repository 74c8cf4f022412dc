import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { rgbFromHsv } from '../kernels/hsv';
import { assertColorSpaceTensor } from './color-input';

/**
 * HSV → RGB with OpenCV's `COLOR_HSV2RGB` conventions for float images.
 *
 * @param hsv `[N, H, W, 3]` float32: H in degrees (any value, taken mod 360), S and V in
 *   [0, 1]. Only rank, dtype and channel count are checked.
 * @returns `[N, H, W, 3]` float32 RGB, in [0, 1] when S and V are
 */
export function hsvToRgb(hsv: tf.Tensor4D): Images {
  assertColorSpaceTensor('hsvToRgb', 'hsv', hsv);
  return tf.tidy(() => rgbFromHsv(hsv));
}
