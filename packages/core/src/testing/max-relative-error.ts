import { assertNumberInRange } from '../assert-args';

/** Options of {@link maxRelativeError}. */
export interface RelativeErrorOptions {
  /**
   * The smallest denominator, as a fraction of the largest |expected| (of each tensor); default
   * 0.1. An entry below a tenth of the largest is then held to `tol · 0.1 · max|expected|`
   * (an allclose's `atol`) instead of `tol · |e_i|`: float32 cannot give a small relative error
   * where a value cancels to near zero, as its rounding is ≈ 1.2e-7 of the largest entry.
   * `1` measures every entry against the largest (`max|a − e| / max|e|`); a tiny floor (1e-12)
   * is the relative error of each entry.
   */
  floor?: number;
  /** An absolute lower bound of the denominator (> 0), for references that are all near 0; default 1e-30. */
  minScale?: number;
}

const isTensorList = (x: unknown): x is readonly ArrayLike<number>[] =>
  Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null;

function flatError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor: number,
  minScale: number,
): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let peak = 0;
  for (let i = 0; i < expected.length; i++) peak = Math.max(peak, Math.abs(expected[i]!));
  const scale = Math.max(floor * peak, minScale);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), scale);
    if (Number.isNaN(err)) return Number.NaN;
    if (err > worst) worst = err;
  }
  return worst;
}

/**
 * The error measure of the golden tests: `max_i |a_i − e_i| / max(|e_i|, floor · max_j |e_j|, minScale)`.
 * `expected` may be one number (a scalar loss). With lists of tensors (one flat array per
 * tensor, e.g. a model's parameters), each tensor is measured against its own largest entry and
 * the worst tensor counts.
 *
 * So that a `toBeLessThan(tol)` cannot pass by accident, a NaN anywhere gives NaN and a length
 * mismatch (entries or tensors) gives Infinity.
 */
export function maxRelativeError(
  actual: ArrayLike<number>,
  expected: number | ArrayLike<number>,
  options?: RelativeErrorOptions,
): number;
export function maxRelativeError(
  actual: readonly ArrayLike<number>[],
  expected: readonly ArrayLike<number>[],
  options?: RelativeErrorOptions,
): number;
export function maxRelativeError(
  actual: ArrayLike<number> | readonly ArrayLike<number>[],
  expected: number | ArrayLike<number> | readonly ArrayLike<number>[],
  options: RelativeErrorOptions = {},
): number {
  const { floor = 0.1, minScale = 1e-30 } = options;
  assertNumberInRange('maxRelativeError', 'options.floor', floor, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange(
    'maxRelativeError',
    'options.minScale',
    minScale,
    Number.MIN_VALUE,
    Number.POSITIVE_INFINITY,
  );
  const want = typeof expected === 'number' ? [expected] : expected;
  if (!isTensorList(actual) && !isTensorList(want)) {
    return flatError(actual as ArrayLike<number>, want as ArrayLike<number>, floor, minScale);
  }
  if (!isTensorList(actual) || !isTensorList(want) || actual.length !== want.length) {
    return Number.POSITIVE_INFINITY;
  }
  let worst = 0;
  for (let k = 0; k < want.length; k++) {
    const err = flatError(actual[k]!, want[k]!, floor, minScale);
    if (Number.isNaN(err)) return Number.NaN;
    if (err > worst) worst = err;
  }
  return worst;
}
