import { assertNumberInRange } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface ExponentialOptions {
  /** The base learning rate, ≥ 0. */
  baseLr: number;
  /** Multiplier per update, > 0 (usually just below 1). */
  gamma: number;
}

export interface ExponentialSpec {
  type: 'exponential';
  baseLr: number;
  gamma: number;
}

/** PyTorch's `ExponentialLR`: `baseLr · gamma^t`. */
export function exponential(options: ExponentialOptions): SerializableSchedule<ExponentialSpec> {
  const { baseLr, gamma } = options;
  assertNumberInRange('exponential', 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  assertPositive('exponential', 'options.gamma', gamma);
  const spec: ExponentialSpec = { type: 'exponential', baseLr, gamma };
  return defineSchedule(
    'exponential',
    () => spec,
    (t) => baseLr * gamma ** t,
  );
}
