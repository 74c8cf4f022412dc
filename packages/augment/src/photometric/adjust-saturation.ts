import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';
import { blend } from './blend';
import { lumaRgb } from './grayscale';

/**
 * Saturation, torchvision's `adjust_saturation`: blends each pixel with its gray value,
 * `clamp(f · img + (1 − f) · gray, 0, 1)`.
 *
 * @param images `[N, H, W, 3]` or `[N, H, W, 4]` (alpha kept) float32 in [0, 1]
 * @param factor ≥ 0, one for all images or one per image; 0 gives gray, 1 the input, 2 doubles
 * @returns a new float32 tensor of the same shape, in [0, 1]
 */
export function adjustSaturation(images: Images, factor: PerSample): Images {
  assertImages('adjustSaturation', 'images', images, { channels: [3, 4] });
  const f = perSampleValues(
    'adjustSaturation',
    'factor',
    factor,
    images.shape[0],
    0,
    Number.POSITIVE_INFINITY,
  );
  return tf.tidy(() => keepAlpha(images, (x) => blend(x, lumaRgb(x), perSampleTensor(f))));
}
