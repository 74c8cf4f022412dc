import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { autocontrast } from '../photometric/index';

/**
 * Stretches each channel to the full [0, 1] range with probability `p` (default 0.5) per image — torchvision `RandomAutocontrast`.
 * Output: same shape as the input, in [0, 1].
 */
export function randomAutocontrast(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomAutocontrast', options, 0.5);
  return gatedAugmentation<null>({
    name: 'randomAutocontrast',
    ...gate,
    draw: () => null,
    run: (images) => autocontrast(images),
  });
}
