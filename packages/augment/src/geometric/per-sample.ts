import { assertPerSample, describeValue, TricksError } from '@tftricks/core';

/** A number for the whole batch, or one number per image. */
export type PerSample = number | ArrayLike<number>;

/** A pair (x, y) for the whole batch, or one pair per image. */
export type PerSamplePair = readonly [number, number] | readonly (readonly [number, number])[];

/**
 * Expands a per-sample argument to `n` finite numbers, checking each against [lo, hi].
 * Used by every functional op so a batch can carry one parameter per image.
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
