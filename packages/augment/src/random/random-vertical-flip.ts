import type { Augmentation } from '../augmentation';
import { vflip } from '../geometric/vflip';
import { checkGate, type GatedParams, type GateOptions, gatedAugmentation } from './gate';

/**
 * Mirrors each image top↔bottom with probability `p` (default 0.5), torchvision
 * `RandomVerticalFlip` per sample.
 */
export function randomVerticalFlip(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomVerticalFlip', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomVerticalFlip',
    ...gate,
    draw: () => null,
    run: (images) => vflip(images),
  });
}
