import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { applyMatrix3 } from './color-matrix';
import { lumaChromaMatrix } from './luma';
import { CHROMA_OFFSET } from './rgb-to-ycrcb';

/** OpenCV: U = 0.492 (B − Y) + 0.5, V = 0.877 (R − Y) + 0.5. */
export const RGB_TO_YUV = lumaChromaMatrix({ channel: 2, k: 0.492 }, { channel: 0, k: 0.877 });

/**
 * RGB → YUV with OpenCV's `COLOR_RGB2YUV` for float images.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32 (Y, U, V): Y ∈ [0, 1], U ∈ [0.06, 0.94], V ∈ [−0.11, 1.11]
 */
export function rgbToYuv(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToYuv', images);
  return tf.tidy(() => applyMatrix3(images, RGB_TO_YUV, CHROMA_OFFSET));
}
