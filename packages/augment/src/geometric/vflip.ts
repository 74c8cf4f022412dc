import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';

/**
 * Mirrors every image top↔bottom (torchvision `F.vflip`). Exact.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @returns a new `Images` of the same shape.
 */
export function vflip(images: Images): Images {
  assertImages('vflip', 'images', images);
  return tf.reverse(images, 1);
}
