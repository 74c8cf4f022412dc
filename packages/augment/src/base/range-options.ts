import { describeValue, TricksError } from '@tftricks/core';

/** Validates a `[lo, hi]` range option (lo ≤ hi, both within [min, max]). */
export function checkRange(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number,
): [number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) &&
    value[0] <= value[1];
  if (!ok)
    throw new TricksError(fn, arg, `a range [lo, hi] with ${min} ≤ lo ≤ hi ≤ ${max}`, describeValue(value));
  return [value[0], value[1]];
}

/** `d` → [−d, d] (d ≥ 0), or a checked [lo, hi] range: torchvision's `_setup_angle` / jitter ranges. */
export function symmetricRange(
  fn: string,
  arg: string,
  value: number | readonly [number, number],
  center = 0,
  min = -Infinity,
): [number, number] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new TricksError(fn, arg, 'a number ≥ 0 or a range [lo, hi]', describeValue(value));
    return [Math.max(min, center - value), center + value];
  }
  return checkRange(fn, arg, value, min, Infinity);
}
