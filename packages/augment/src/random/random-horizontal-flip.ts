import type { Augmentation, ImageShape } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { flipWindowsOf, type PixelWindows } from '../base/pixel-windows';

/**
 * Whole-image windows mirrored left↔right where `applied`: one window copy flips exactly the
 * chosen images (no flip-all-then-select). Shared by the horizontal-flip augmentations.
 */
export function horizontalFlipWindows(
  _values: readonly null[],
  applied: readonly boolean[],
  [h, w]: ImageShape,
): PixelWindows {
  return flipWindowsOf(h, w, applied, new Array<boolean>(applied.length).fill(false));
}

/**
 * Mirrors each image left↔right with probability `p` (default 0.5), torchvision
 * `RandomHorizontalFlip` per sample. Params: `{ applied, values }` (values are null).
 */
export function randomHorizontalFlip(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomHorizontalFlip', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomHorizontalFlip',
    ...gate,
    draw: () => null,
    windows: horizontalFlipWindows,
  });
}
