import { assertInteger, assertNumberInRange } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { posterize } from '../photometric/index';

/** Options of {@link randomPosterize}. */
export interface RandomPosterizeOptions extends GateOptions {
  /** Bits kept per channel, integer in [0, 8]. */
  bits: number;
}

/**
 * Keeps `bits` bits per channel with probability `p` (default 0.5) per image — torchvision
 * `RandomPosterize`. Output: same shape, in [0, 1].
 */
export function randomPosterize(
  options: RandomPosterizeOptions,
): Augmentation<GatedParams<{ bits: number }>> {
  const fn = 'randomPosterize';
  assertInteger(fn, 'options.bits', options?.bits, 0);
  assertNumberInRange(fn, 'options.bits', options.bits, 0, 8);
  const gate = checkGate(fn, options, 0.5);
  return gatedAugmentation({
    name: fn,
    ...gate,
    draw: () => ({ bits: options.bits }),
    run: (images, values) =>
      posterize(
        images,
        values.map((v) => v.bits),
      ),
  });
}
