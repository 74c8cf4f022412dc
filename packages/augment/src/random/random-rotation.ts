import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { symmetricRange } from '../base/range-options';
import { checkWarpOptions, type WarpOptions } from '../geometric/projective-warp';
import { rotate } from '../geometric/rotate';
import type { PerSamplePair } from '../kernels/per-sample';

/** Options of {@link randomRotation} (torchvision `RandomRotation`, `expand=False`). */
export interface RandomRotationOptions extends WarpOptions, GateOptions {
  /** Angle range in degrees (counter-clockwise): `d` means [−d, d]. */
  degrees: number | readonly [number, number];
  /** Centre of rotation [x, y] in pixels; default the image centre. */
  center?: PerSamplePair;
}

/**
 * Rotates each image by its own uniform angle (torchvision `RandomRotation`); `p` (default 1)
 * gates each image. Output: same shape as the input.
 */
export function randomRotation(options: RandomRotationOptions): Augmentation<GatedParams<{ angle: number }>> {
  const fn = 'randomRotation';
  const degrees = symmetricRange(fn, 'options.degrees', options?.degrees);
  const gate = checkGate(fn, options, 1);
  const warp = checkWarpOptions(fn, options, null);
  return gatedAugmentation({
    name: fn,
    ...gate,
    draw: (rng) => ({ angle: rng.uniform(degrees[0], degrees[1]) }),
    run: (images, values) =>
      rotate(
        images,
        values.map((v) => v.angle),
        { ...warp, ...(options.center ? { center: options.center } : {}) },
      ),
  });
}
