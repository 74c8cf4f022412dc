import { describeValue, TricksError } from '@tftricks/core';

/** A crop or output size: one number for a square, or `[height, width]`. */
export type Size = number | readonly [number, number];

/** Validates a size option; returns `[height, width]`. */
export function checkSize(fn: string, arg: string, size: unknown): [number, number] {
  const pair = typeof size === 'number' ? [size, size] : size;
  const ok =
    Array.isArray(pair) &&
    pair.length === 2 &&
    pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1);
  if (!ok)
    throw new TricksError(
      fn,
      arg,
      'a positive integer or [height, width] of positive integers',
      describeValue(size),
    );
  return [pair[0], pair[1]];
}
