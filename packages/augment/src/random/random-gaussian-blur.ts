import { describeValue, TricksError } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { checkRange } from '../base/range-options';
import { gaussianBlur } from '../photometric/index';

/** Options of {@link randomGaussianBlur} (torchvision `GaussianBlur`). */
export interface RandomGaussianBlurOptions extends GateOptions {
  /** Odd kernel size, or `[kh, kw]`. */
  kernelSize: number | readonly [number, number];
  /** σ range [lo, hi] (> 0) drawn uniformly per image, or one fixed σ; default [0.1, 2]. */
  sigma?: number | readonly [number, number];
}

/**
 * Blurs each image with its own σ ~ U(sigma) — torchvision `GaussianBlur` per sample; `p`
 * (default 1) gates each image. Output: same shape, in [0, 1].
 */
export function randomGaussianBlur(
  options: RandomGaussianBlurOptions,
): Augmentation<GatedParams<{ sigma: number }>> {
  const fn = 'randomGaussianBlur';
  const k = options?.kernelSize;
  const sides = typeof k === 'number' ? [k] : Array.isArray(k) ? k : [];
  if (sides.length === 0 || !sides.every((v) => Number.isInteger(v) && v > 0 && v % 2 === 1)) {
    throw new TricksError(fn, 'options.kernelSize', 'an odd positive integer or [kh, kw]', describeValue(k));
  }
  const s = options.sigma ?? [0.1, 2];
  const sigma =
    typeof s === 'number'
      ? checkRange(fn, 'options.sigma', [s, s], Number.MIN_VALUE, Infinity)
      : checkRange(fn, 'options.sigma', s, Number.MIN_VALUE, Infinity);
  const gate = checkGate(fn, options, 1);
  return gatedAugmentation({
    name: fn,
    ...gate,
    draw: (rng) => ({ sigma: sigma[0] === sigma[1] ? sigma[0] : rng.uniform(sigma[0], sigma[1]) }),
    run: (images, values) =>
      gaussianBlur(
        images,
        k as number | [number, number],
        values.map((v) => v.sigma),
      ),
  });
}
