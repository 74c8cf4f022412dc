import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { flipWindowsOf } from '../base/pixel-windows';

/**
 * Mirrors each image top↔bottom with probability `p` (default 0.5), torchvision
 * `RandomVerticalFlip` per sample. Params: `{ applied, values }` (values are null).
 */
export function randomVerticalFlip(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomVerticalFlip', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomVerticalFlip',
    ...gate,
    draw: () => null,
    // One window copy flips exactly the chosen images: no flip-all-then-select.
    windows: (_values, applied, [h, w]) => {
      const none = new Array<boolean>(applied.length).fill(false);
      return flipWindowsOf(h, w, none, applied);
    },
  });
}
