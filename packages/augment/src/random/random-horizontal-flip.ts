import type { Augmentation } from '../augmentation';
import { flipImages } from '../geometric/flip-images';
import { checkGate, type GatedParams, type GateOptions, gatedAugmentation } from './gate';

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
    // One window copy flips exactly the chosen images: no flip-all-then-select.
    selfGated: true,
    run: (images, _values, applied) => {
      const none = new Array<boolean>(applied.length).fill(false);
      return flipImages(images, applied, none);
    },
    windows: (_values, applied, [h, w]) => {
      const none = new Array<boolean>(applied.length).fill(false);
      const zeros = new Array<number>(applied.length).fill(0);
      return { height: h, width: w, top: zeros, left: zeros, flipY: none, flipX: applied };
    },
  });
}
