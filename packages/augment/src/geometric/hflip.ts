import { assertImages, type Images } from '@tftricks/core';
import { flipImages } from './flip-images';

/**
 * Mirrors every image left↔right (torchvision `F.hflip`). Exact.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @returns a new `Images` of the same shape.
 */
export function hflip(images: Images): Images {
  assertImages('hflip', 'images', images);
  const n = images.shape[0];
  return flipImages(images, new Array<boolean>(n).fill(true), new Array<boolean>(n).fill(false));
}
