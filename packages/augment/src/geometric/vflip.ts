import { assertImages, type Images } from '@tftricks/core';
import { flipImages } from './flip-images';

/**
 * Mirrors every image top↔bottom (torchvision `F.vflip`). Exact.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @returns a new `Images` of the same shape.
 */
export function vflip(images: Images): Images {
  assertImages('vflip', 'images', images);
  const n = images.shape[0];
  return flipImages(images, new Array<boolean>(n).fill(false), new Array<boolean>(n).fill(true));
}
