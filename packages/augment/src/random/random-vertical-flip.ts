import type { Augmentation } from '../augmentation';
import { flipImages } from '../geometric/flip-images';
import { checkGate, type GatedParams, type GateOptions, gatedAugmentation } from './gate';

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
    selfGated: true,
    run: (images, _values, applied) => {
      const none = new Array<boolean>(applied.length).fill(false);
      return flipImages(images, none, applied);
    },
    windows: (_values, applied, [h, w]) => {
      const none = new Array<boolean>(applied.length).fill(false);
      const zeros = new Array<number>(applied.length).fill(0);
      return { height: h, width: w, top: zeros, left: zeros, flipY: applied, flipX: none };
    },
  });
}
