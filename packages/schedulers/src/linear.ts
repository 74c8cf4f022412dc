import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface LinearOptions {
  /** The base learning rate, ≥ 0. */
  baseLr: number;
  /** Multiplier at t = 0, in (0, 1]; default 1/3 (PyTorch's default). */
  startFactor?: number;
  /** Multiplier from t = totalIters on, in [0, 1]; default 1. */
  endFactor?: number;
  /** Updates over which the multiplier moves linearly, an integer ≥ 1; default 5. */
  totalIters?: number;
}

export interface LinearSpec {
  type: 'linear';
  baseLr: number;
  startFactor: number;
  endFactor: number;
  totalIters: number;
}

/**
 * PyTorch's `LinearLR`: `baseLr * (startFactor + (endFactor − startFactor) · min(t, totalIters) / totalIters)`.
 * Used for linear warmup (start < end) or linear decay (start > end).
 */
export function linear(options: LinearOptions): SerializableSchedule<LinearSpec> {
  const { baseLr, startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
  assertNumberInRange('linear', 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  // PyTorch refuses a start factor of 0: its recursive form would divide by it.
  if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
    throw new TricksError('linear', 'options.startFactor', 'a number in (0, 1]', describeValue(startFactor));
  }
  assertNumberInRange('linear', 'options.endFactor', endFactor, 0, 1);
  assertInteger('linear', 'options.totalIters', totalIters, 1);
  const spec: LinearSpec = { type: 'linear', baseLr, startFactor, endFactor, totalIters };
  return defineSchedule(
    'linear',
    () => spec,
    (t) => baseLr * (startFactor + ((endFactor - startFactor) * Math.min(t, totalIters)) / totalIters),
  );
}
