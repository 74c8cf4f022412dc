import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';
import { blend } from './blend';
import { meanLuma } from './grayscale';

/**
 * Contrast, torchvision's `adjust_contrast`: blends each image with the mean of its
 * grayscale version (one scalar per image), `clamp(f · img + (1 − f) · mean, 0, 1)`.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @param factor ≥ 0, one for all images or one per image; 0 gives a flat gray image, 1 the input
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function adjustContrast(images: Images, factor: PerSample): Images {
  assertImages('adjustContrast', 'images', images);
  const f = perSampleValues('adjustContrast', 'factor', factor, images.shape[0], 0, Number.POSITIVE_INFINITY);
  return tf.tidy(() => keepAlpha(images, (x) => blend(x, meanLuma(x), perSampleTensor(f))));
}
