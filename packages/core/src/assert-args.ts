import { describeValue, TricksError } from './tricks-error';

/** Throws unless `p` is a probability in [0, 1]. */
export function assertProbability(fn: string, arg: string, p: unknown): asserts p is number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new TricksError(fn, arg, 'a probability in [0, 1]', describeValue(p));
  }
}

/** Throws unless `x` is a finite number in [lo, hi] (either bound may be open with ±Infinity). */
export function assertNumberInRange(
  fn: string,
  arg: string,
  x: unknown,
  lo: number,
  hi: number,
): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) {
    const range =
      hi === Number.POSITIVE_INFINITY
        ? `a finite number ≥ ${lo}`
        : lo === Number.NEGATIVE_INFINITY
          ? `a finite number ≤ ${hi}`
          : `a number in [${lo}, ${hi}]`;
    throw new TricksError(fn, arg, range, describeValue(x));
  }
}

/** Throws unless `x` is a finite number. */
export function assertFiniteNumber(fn: string, arg: string, x: unknown): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new TricksError(fn, arg, 'a finite number', describeValue(x));
}

/** Throws unless `x` is an integer ≥ `min` (default 1). */
export function assertInteger(fn: string, arg: string, x: unknown, min = 1): asserts x is number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
    throw new TricksError(fn, arg, `an integer ≥ ${min}`, describeValue(x));
  }
}

/** Throws unless `x` is one of `choices`. */
export function assertOneOf<T extends string>(
  fn: string,
  arg: string,
  x: unknown,
  choices: readonly T[],
): asserts x is T {
  if (typeof x !== 'string' || !(choices as readonly string[]).includes(x)) {
    throw new TricksError(fn, arg, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, describeValue(x));
  }
}

/** Throws unless two batch sizes agree (images vs targets, logits vs labels, …). */
export function assertSameBatch(fn: string, argA: string, nA: number, argB: string, nB: number): void {
  if (nA !== nB) {
    throw new TricksError(fn, argB, `${nA} rows (one per row of '${argA}')`, `${nB} rows`);
  }
}

/** Throws unless an array of per-sample values has one entry per sample. */
export function assertPerSample(fn: string, arg: string, values: ArrayLike<unknown>, n: number): void {
  if (values.length !== n)
    throw new TricksError(fn, arg, `${n} per-sample values (one per image)`, `${values.length}`);
}
