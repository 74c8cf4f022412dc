import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';

/**
 * Mirrors every image left↔right (torchvision `F.hflip`). Exact.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @returns a new `Images` of the same shape.
 */
export function hflip(images: Images): Images {
  assertImages('hflip', 'images', images);
  return tf.reverse(images, 2);
}
