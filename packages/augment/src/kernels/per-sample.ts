import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, assertPerSample, describeValue, TricksError } from '@tftricks/core';

/** A per-sample parameter: a number for the whole batch, or one number per image. */
export type PerSample = number | ArrayLike<number>;

/** A pair (x, y) for the whole batch, or one pair per image. */
export type PerSamplePair = readonly [number, number] | readonly (readonly [number, number])[];

/** Throws unless `x` is a finite number > 0 (sigmas, eps). */
export function assertPositive(fn: string, arg: string, x: unknown): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
    throw new TricksError(fn, arg, 'a finite number > 0', describeValue(x));
  }
}

function checkValue(fn: string, arg: string, x: unknown, lo: number, hi: number): void {
  // [MIN_VALUE, Infinity] means "positive": say "> 0" rather than "≥ 5e-324".
  if (lo === Number.MIN_VALUE && hi === Number.POSITIVE_INFINITY) assertPositive(fn, arg, x);
  else assertNumberInRange(fn, arg, x, lo, hi);
}

/**
 * Validates a per-sample parameter and expands it to one value per image (the photometric and
 * color ops' form).
 * Each value must be a finite number in [lo, hi] (`[Number.MIN_VALUE, Infinity]`: any
 * positive number); an array must have exactly `n` entries.
 */
export function perSampleValues(
  fn: string,
  arg: string,
  value: unknown,
  n: number,
  lo: number,
  hi: number,
): number[] {
  if (typeof value === 'number') {
    checkValue(fn, arg, value, lo, hi);
    return new Array<number>(n).fill(value);
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof (value as ArrayLike<number>).length !== 'number'
  ) {
    throw new TricksError(fn, arg, `a number or ${n} per-sample numbers`, describeValue(value));
  }
  const values = Array.from(value as ArrayLike<unknown>);
  assertPerSample(fn, arg, values, n);
  for (const [i, v] of values.entries()) checkValue(fn, `${arg}[${i}]`, v, lo, hi);
  return values as number[];
}

/** Per-sample integers in [lo, hi] (e.g. posterize bits). */
export function perSampleIntegers(
  fn: string,
  arg: string,
  value: unknown,
  n: number,
  lo: number,
  hi: number,
): number[] {
  const values = perSampleValues(fn, arg, value, n, lo, hi);
  for (const [i, v] of values.entries()) {
    if (!Number.isInteger(v)) {
      throw new TricksError(
        fn,
        typeof value === 'number' ? arg : `${arg}[${i}]`,
        `an integer in [${lo}, ${hi}]`,
        describeValue(v),
      );
    }
  }
  return values;
}

/** `[N, 1, 1, 1]` float32 tensor of per-sample values, which broadcasts over an NHWC batch. */
export function perSampleTensor(values: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(Array.from(values), [values.length, 1, 1, 1], 'float32');
}

/**
 * Expands a per-sample argument to `n` finite numbers, checking each against [lo, hi] (the
 * geometric ops' form: any finite number by default, and errors name the range, not N).
 */
export function perSample(
  fn: string,
  arg: string,
  value: PerSample,
  n: number,
  lo = -Infinity,
  hi = Infinity,
): number[] {
  const values =
    typeof value === 'number' ? new Array<number>(n).fill(value) : Array.from(value as ArrayLike<number>);
  if (typeof value !== 'number') {
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof (value as ArrayLike<number>).length !== 'number'
    ) {
      throw new TricksError(fn, arg, 'a number or one number per image', describeValue(value));
    }
    assertPerSample(fn, arg, values, n);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
      const range = lo === -Infinity && hi === Infinity ? 'a finite number' : `a number in [${lo}, ${hi}]`;
      throw new TricksError(fn, typeof value === 'number' ? arg : `${arg}[${i}]`, range, describeValue(v));
    }
  }
  return values;
}

/** Expands a pair-valued argument (translate, shear, center) to `n` finite pairs. */
export function perSamplePair(fn: string, arg: string, value: PerSamplePair, n: number): [number, number][] {
  if (!Array.isArray(value))
    throw new TricksError(fn, arg, 'a pair [x, y] or one pair per image', describeValue(value));
  const single = typeof value[0] === 'number' || value.length === 0;
  const pairs = single ? new Array(n).fill(value) : (value as readonly (readonly [number, number])[]);
  if (!single) assertPerSample(fn, arg, pairs, n);
  return pairs.map((p: unknown, i: number) => {
    const ok =
      Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok)
      throw new TricksError(
        fn,
        single ? arg : `${arg}[${i}]`,
        'a pair of finite numbers [x, y]',
        describeValue(p),
      );
    return [p[0], p[1]] as [number, number];
  });
}
