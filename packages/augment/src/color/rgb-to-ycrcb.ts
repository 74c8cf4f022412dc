import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { applyMatrix3 } from './color-matrix';
import { lumaChromaMatrix } from './luma';

/** OpenCV: Cr = 0.713 (R − Y) + 0.5, Cb = 0.564 (B − Y) + 0.5. */
export const RGB_TO_YCRCB = lumaChromaMatrix({ channel: 0, k: 0.713 }, { channel: 2, k: 0.564 });
export const CHROMA_OFFSET = [0, 0.5, 0.5] as const;

/**
 * RGB → YCrCb with OpenCV's `COLOR_RGB2YCrCb` for float images.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32 (Y, Cr, Cb): Y ∈ [0, 1], Cr and Cb ≈ [0, 1] centered on 0.5
 */
export function rgbToYcrcb(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToYcrcb', images);
  return tf.tidy(() => applyMatrix3(images, RGB_TO_YCRCB, CHROMA_OFFSET));
}
