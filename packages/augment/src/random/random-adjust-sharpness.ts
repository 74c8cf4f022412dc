import { assertNumberInRange } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { adjustSharpness } from '../photometric/index';

/** Options of {@link randomAdjustSharpness}. */
export interface RandomAdjustSharpnessOptions extends GateOptions {
  /** Sharpness factor ≥ 0: 0 blurs, 1 is the identity, 2 doubles the sharpness. */
  sharpnessFactor: number;
}

/**
 * Adjusts sharpness by `sharpnessFactor` with probability `p` (default 0.5) per image —
 * torchvision `RandomAdjustSharpness`. Output: same shape, in [0, 1].
 */
export function randomAdjustSharpness(
  options: RandomAdjustSharpnessOptions,
): Augmentation<GatedParams<{ factor: number }>> {
  const fn = 'randomAdjustSharpness';
  assertNumberInRange(fn, 'options.sharpnessFactor', options?.sharpnessFactor, 0, Infinity);
  const gate = checkGate(fn, options, 0.5);
  return gatedAugmentation({
    name: fn,
    ...gate,
    draw: () => ({ factor: options.sharpnessFactor }),
    run: (images, values) =>
      adjustSharpness(
        images,
        values.map((v) => v.factor),
      ),
  });
}
