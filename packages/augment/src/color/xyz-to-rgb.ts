import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertColorSpaceTensor } from './color-input';
import { applyMatrix3, invert3 } from './color-matrix';
import { SRGB_TO_XYZ } from './srgb-gamma';

const XYZ_TO_SRGB = invert3(SRGB_TO_XYZ);

/**
 * CIE XYZ (D65) → RGB, the inverse of {@link rgbToXyz} (OpenCV's `COLOR_XYZ2RGB`, with the
 * exact inverse matrix). Like OpenCV for float images, nothing is clipped: XYZ outside the
 * sRGB gamut gives RGB outside [0, 1].
 *
 * @param xyz `[N, H, W, 3]` float32. Only rank, dtype and channel count are checked.
 * @returns `[N, H, W, 3]` float32 RGB
 */
export function xyzToRgb(xyz: tf.Tensor4D): Images {
  assertColorSpaceTensor('xyzToRgb', 'xyz', xyz);
  return tf.tidy(() => applyMatrix3(xyz, XYZ_TO_SRGB));
}
