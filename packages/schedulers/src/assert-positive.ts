import { describeValue, TricksError } from '@tftricks/core';

/** Throws unless `x` is a finite number > 0 (decay factors, periods, divisors). */
export function assertPositive(fn: string, arg: string, x: unknown): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) {
    throw new TricksError(fn, arg, 'a finite number > 0', describeValue(x));
  }
}
