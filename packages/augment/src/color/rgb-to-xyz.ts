import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { applyMatrix3 } from './color-matrix';
import { SRGB_TO_XYZ } from './srgb-gamma';

/**
 * RGB → CIE XYZ (D65) with OpenCV's `COLOR_RGB2XYZ`: a linear map of the RGB values as given
 * (OpenCV applies no gamma for XYZ).
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32: X ∈ [0, 0.9505], Y ∈ [0, 1], Z ∈ [0, 1.0888]
 */
export function rgbToXyz(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToXyz', images);
  return tf.tidy(() => applyMatrix3(images, SRGB_TO_XYZ));
}
