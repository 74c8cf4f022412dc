import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';

/**
 * Inversion, torchvision's `invert`: `1 − img`.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function invert(images: Images): Images {
  assertImages('invert', 'images', images);
  return tf.tidy(() => keepAlpha(images, (x) => tf.sub(1, x)));
}
