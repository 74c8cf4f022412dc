import { assertNumberInRange } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { solarize } from '../photometric/index';

/** Options of {@link randomSolarize}. */
export interface RandomSolarizeOptions extends GateOptions {
  /** Values ≥ threshold are inverted; in [0, 1]. */
  threshold: number;
}

/**
 * Inverts values above `threshold` with probability `p` (default 0.5) per image —
 * torchvision `RandomSolarize`. Output: same shape, in [0, 1].
 */
export function randomSolarize(
  options: RandomSolarizeOptions,
): Augmentation<GatedParams<{ threshold: number }>> {
  const fn = 'randomSolarize';
  assertNumberInRange(fn, 'options.threshold', options?.threshold, 0, 1);
  const gate = checkGate(fn, options, 0.5);
  return gatedAugmentation({
    name: fn,
    ...gate,
    draw: () => ({ threshold: options.threshold }),
    run: (images, values) =>
      solarize(
        images,
        values.map((v) => v.threshold),
      ),
  });
}
