import type { Augmentation } from '../augmentation';
import { hflip } from '../geometric/hflip';
import { checkGate, type GatedParams, type GateOptions, gatedAugmentation } from './gate';

/**
 * Mirrors each image left↔right with probability `p` (default 0.5), torchvision
 * `RandomHorizontalFlip` per sample. Params: `{ applied, values: [] per image }`.
 */
export function randomHorizontalFlip(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomHorizontalFlip', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomHorizontalFlip',
    ...gate,
    draw: () => null,
    run: (images) => hflip(images),
  });
}
