import { assertNumberInRange, TricksError } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface CosineOptions {
  /** The base (peak) learning rate, ≥ 0. */
  baseLr: number;
  /** Updates from `baseLr` down to `min` (half a cosine period), > 0. */
  tMax: number;
  /** The floor, in [0, baseLr]; default 0 (PyTorch's `eta_min`). */
  min?: number;
}

export interface CosineSpec {
  type: 'cosine';
  baseLr: number;
  tMax: number;
  min: number;
}

/**
 * PyTorch's `CosineAnnealingLR`, closed form:
 * `min + (baseLr − min) · (1 + cos(π t / tMax)) / 2`.
 * Past `tMax` it keeps following the cosine back up (period `2·tMax`), exactly as PyTorch's
 * recursive form does; use `cosineWarmRestarts` for restarts or `join` to hold the floor.
 */
export function cosine(options: CosineOptions): SerializableSchedule<CosineSpec> {
  const { baseLr, tMax, min = 0 } = options;
  assertNumberInRange('cosine', 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  assertPositive('cosine', 'options.tMax', tMax);
  assertNumberInRange('cosine', 'options.min', min, 0, Number.POSITIVE_INFINITY);
  if (min > baseLr)
    throw new TricksError('cosine', 'options.min', `a floor ≤ baseLr (${baseLr})`, String(min));
  const spec: CosineSpec = { type: 'cosine', baseLr, tMax, min };
  return defineSchedule(
    'cosine',
    () => spec,
    (t) => min + ((baseLr - min) * (1 + Math.cos((Math.PI * t) / tMax))) / 2,
  );
}
