import { createRng } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen';

describe('symmetricEigen', () => {
  it('2×2 closed form: [[2, 1], [1, 2]] → 3, 1 with (1, 1)/√2, (1, −1)/√2; signs fixed', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    const r = Math.SQRT1_2;
    vectors[0]!.forEach((v, i) => expect(v).toBeCloseTo([r, r][i]!, 14));
    // A tie in magnitude: the first entry is the positive one.
    vectors[1]!.forEach((v, i) => expect(v).toBeCloseTo([r, -r][i]!, 14));
  });

  it('A vⱼ = λⱼ vⱼ, V orthonormal, λ descending, largest entry of each vⱼ positive (random 12×12 SPD)', () => {
    const d = 12;
    const rng = createRng(4);
    const b = Array.from({ length: d * d }, () => rng.normal());
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += b[i * d + k]! * b[j * d + k]!;
        a[i * d + j] = s;
      }
    const { values, vectors } = symmetricEigen(a, d);
    for (let j = 1; j < d; j++) expect(values[j]!).toBeLessThanOrEqual(values[j - 1]!);
    vectors.forEach((v, j) => {
      for (let i = 0; i < d; i++) {
        let av = 0;
        for (let k = 0; k < d; k++) av += a[i * d + k]! * v[k]!;
        expect(Math.abs(av - values[j]! * v[i]!)).toBeLessThan(1e-10 * values[0]!);
      }
      vectors.forEach((u, k) => {
        const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
        expect(dot).toBeCloseTo(j === k ? 1 : 0, 12);
      });
      const big = v.reduce((m, x, i) => (Math.abs(x) > Math.abs(v[m]!) ? i : m), 0);
      expect(v[big]!).toBeGreaterThan(0);
    });
    // The trace is the sum of the eigenvalues.
    let trace = 0;
    for (let i = 0; i < d; i++) trace += a[i * d + i]!;
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 9);
  });

  it('a diagonal matrix is its own decomposition; a zero matrix gives zeros and the identity', () => {
    const diag = symmetricEigen([1, 0, 0, 0, 5, 0, 0, 0, 3], 3);
    expect(diag.values).toEqual([5, 3, 1]);
    expect(diag.vectors).toEqual([
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(symmetricEigen([0, 0, 0, 0], 2).values).toEqual([0, 0]);
  });
});
