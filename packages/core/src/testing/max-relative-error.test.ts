import { describe, expect, it } from 'vitest';
import { TricksError } from '../tricks-error';
import { maxRelativeError } from './max-relative-error';

describe('maxRelativeError', () => {
  it('is 0 for equal values and |a − e| / |e| for entries above the floor', () => {
    expect(maxRelativeError([1, -2, 4], [1, -2, 4])).toBe(0);
    // Entry errors 0.01/1, 0.01/2, 0.04/4 → the worst is 0.01.
    expect(maxRelativeError([1.01, 2.01, 4.04], [1, 2, 4])).toBeCloseTo(0.01, 12);
    expect(maxRelativeError(new Float32Array([3]), 2)).toBeCloseTo(0.5, 12);
  });

  it('holds entries below floor · max|e| to that scale (default floor 0.1)', () => {
    // e = [10, 0.001]: the small entry's denominator is 0.1 · 10 = 1, not 0.001.
    expect(maxRelativeError([10, 0.101], [10, 0.001])).toBeCloseTo(0.1, 12);
    expect(maxRelativeError([10, 0.101], [10, 0.001], { floor: 1e-12 })).toBeCloseTo(100, 9);
    // floor 1: every entry against the largest, max|a − e| / max|e|.
    expect(maxRelativeError([1.5, 4], [1, 4], { floor: 1 })).toBeCloseTo(0.125, 12);
    // minScale bounds the denominator from below when the reference is all zeros.
    expect(maxRelativeError([1e-7, 0], [0, 0], { floor: 1, minScale: 1e-6 })).toBeCloseTo(0.1, 12);
  });

  it('measures each tensor of a list against its own largest entry; the worst tensor counts', () => {
    const expected = [
      [100, 1],
      [0.01, 0.02],
    ];
    // Tensor 0: 1/10 (floor 0.1 · 100 = 10); tensor 1: 0.0002/0.02 = 0.01.
    expect(maxRelativeError([[100, 2], new Float32Array([0.01, 0.0202])], expected)).toBeCloseTo(0.1, 6);
    expect(maxRelativeError([[100, 1]], expected)).toBe(Number.POSITIVE_INFINITY);
    expect(maxRelativeError([100, 1, 0.01, 0.02], expected as never)).toBe(Number.POSITIVE_INFINITY);
  });

  it('cannot pass by accident: NaN anywhere gives NaN, a length mismatch Infinity', () => {
    expect(maxRelativeError([Number.NaN, 1, 1], [1, 1, 1])).toBeNaN();
    expect(maxRelativeError([1, 1, 1], [1, Number.NaN, 1])).toBeNaN();
    expect(maxRelativeError([[1], [Number.NaN]], [[1], [1]])).toBeNaN();
    expect(maxRelativeError([1, 2], [1, 2, 3])).toBe(Number.POSITIVE_INFINITY);
    expect(maxRelativeError([1, Number.POSITIVE_INFINITY], [1, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(maxRelativeError([Number.NaN, 1], [1, 1])).not.toBeLessThan(1e-5);
  });

  it('rejects bad options with a TricksError', () => {
    expect(() => maxRelativeError([1], [1], { floor: -1 })).toThrow(TricksError);
    expect(() => maxRelativeError([1], [1], { minScale: 0 })).toThrow(/options.minScale/);
  });
});
