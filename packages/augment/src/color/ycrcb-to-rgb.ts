import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertColorSpaceTensor } from './color-input';
import { applyMatrix3, invert3, mulMatrix3 } from './color-matrix';
import { CHROMA_OFFSET, RGB_TO_YCRCB } from './rgb-to-ycrcb';

const YCRCB_TO_RGB = invert3(RGB_TO_YCRCB);
const OFFSET = mulMatrix3(YCRCB_TO_RGB, CHROMA_OFFSET).map((v) => -v) as [number, number, number];

/**
 * YCrCb → RGB, the exact inverse of {@link rgbToYcrcb} (OpenCV's `COLOR_YCrCb2RGB` uses
 * rounded constants 1.403, 0.714, 0.344, 1.773 that do not round-trip; they agree to
 * < 1e-3). Not clipped, as OpenCV for float images.
 *
 * @param ycrcb `[N, H, W, 3]` float32 (Y, Cr, Cb). Only rank, dtype and channels are checked.
 * @returns `[N, H, W, 3]` float32 RGB
 */
export function ycrcbToRgb(ycrcb: tf.Tensor4D): Images {
  assertColorSpaceTensor('ycrcbToRgb', 'ycrcb', ycrcb);
  return tf.tidy(() => applyMatrix3(ycrcb, YCRCB_TO_RGB, OFFSET));
}
