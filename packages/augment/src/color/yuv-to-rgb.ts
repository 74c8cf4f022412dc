import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertColorSpaceTensor } from './color-input';
import { applyMatrix3, invert3, mulMatrix3 } from './color-matrix';
import { CHROMA_OFFSET } from './rgb-to-ycrcb';
import { RGB_TO_YUV } from './rgb-to-yuv';

const YUV_TO_RGB = invert3(RGB_TO_YUV);
const OFFSET = mulMatrix3(YUV_TO_RGB, CHROMA_OFFSET).map((v) => -v) as [number, number, number];

/**
 * YUV → RGB, the exact inverse of {@link rgbToYuv} (OpenCV's `COLOR_YUV2RGB` constants
 * 1.140, 0.395, 0.581, 2.032 are rounded; they agree to < 1e-3). Not clipped, as OpenCV for
 * float images.
 *
 * @param yuv `[N, H, W, 3]` float32 (Y, U, V). Only rank, dtype and channels are checked.
 * @returns `[N, H, W, 3]` float32 RGB
 */
export function yuvToRgb(yuv: tf.Tensor4D): Images {
  assertColorSpaceTensor('yuvToRgb', 'yuv', yuv);
  return tf.tidy(() => applyMatrix3(yuv, YUV_TO_RGB, OFFSET));
}
