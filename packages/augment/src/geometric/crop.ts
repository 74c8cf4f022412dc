import { assertImages, assertInteger, type Images } from '@tftricks/core';
import { cropWindowsOf, sampleWindows } from '../base/pixel-windows';
import { type PerSample, perSample } from '../kernels/per-sample';

/**
 * Crops a `height`×`width` window from each image at (`top`, `left`) — torchvision `F.crop`.
 * Offsets may differ per image; the output size is the same for all. Parts of a window
 * outside the image are zero, as torchvision pads them. Exact (a gather, no resampling).
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @param top row of the window's top edge (integer, may be negative), per batch or per image.
 * @param left column of the window's left edge (integer, may be negative).
 * @returns `Images` [N, height, width, C].
 */
export function crop(images: Images, top: PerSample, left: PerSample, height: number, width: number): Images {
  assertImages('crop', 'images', images);
  assertInteger('crop', 'height', height, 1);
  assertInteger('crop', 'width', width, 1);
  const n = images.shape[0];
  const tops = perSample('crop', 'top', top, n);
  const lefts = perSample('crop', 'left', left, n);
  tops.forEach((t, i) => {
    assertInteger('crop', `top[${i}]`, t, Number.MIN_SAFE_INTEGER);
  });
  lefts.forEach((l, i) => {
    assertInteger('crop', `left[${i}]`, l, Number.MIN_SAFE_INTEGER);
  });
  return cropWindows(images, tops, lefts, height, width);
}

/** {@link crop} without validation, for callers that already checked their arguments. */
export function cropWindows(
  images: Images,
  tops: readonly number[],
  lefts: readonly number[],
  height: number,
  width: number,
): Images {
  return sampleWindows(images, cropWindowsOf(tops, lefts, height, width));
}
