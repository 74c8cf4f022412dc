import type { Images } from '@tftricks/core';
import { flipWindowsOf, sampleWindows } from '../base/pixel-windows';

/**
 * Flips image i left↔right when `horizontal[i]` and top↔bottom when `vertical[i]`: one
 * whole-image window copy with reversed reads (see {@link sampleWindows}), far cheaper than
 * `tf.reverse` on the cpu and wasm backends. Internal: callers validate.
 */
export function flipImages(
  images: Images,
  horizontal: readonly boolean[],
  vertical: readonly boolean[],
): Images {
  const [, h, w] = images.shape;
  return sampleWindows(images, flipWindowsOf(h, w, horizontal, vertical));
}
