import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { invert } from '../photometric/index';

/**
 * Inverts colors (1 − x) with probability `p` (default 0.5) per image — torchvision `RandomInvert`.
 * Output: same shape as the input, in [0, 1].
 */
export function randomInvert(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomInvert', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomInvert',
    ...gate,
    draw: () => null,
    run: (images) => invert(images),
  });
}
