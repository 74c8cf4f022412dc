import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { equalize } from '../photometric/index';

/**
 * Equalizes each channel's histogram (torchvision's uint8 algorithm) with probability `p` (default 0.5) per image — torchvision `RandomEqualize`.
 * Output: same shape as the input, in [0, 1].
 */
export function randomEqualize(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomEqualize', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomEqualize',
    ...gate,
    draw: () => null,
    run: (images) => equalize(images),
  });
}
