import { createRng, TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { kFold } from './k-fold';
import { stratifiedSplit } from './stratified-split';

const labels = Array.from({ length: 1000 }, (_, i) => ((i * 7) % 10 < 7 ? i % 4 : 4)); // imbalanced 5 classes

function counts(idx: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const i of idx) m.set(labels[i]!, (m.get(labels[i]!) ?? 0) + 1);
  return m;
}

describe('stratifiedSplit', () => {
  it('keeps class proportions on both sides, partitions the indices, and is seeded', () => {
    const s = stratifiedSplit(labels, { testFraction: 0.2, rng: createRng(3) });
    expect(s.train.length + s.test.length).toBe(1000);
    expect(new Set([...s.train, ...s.test]).size).toBe(1000);
    const all = counts([...s.train, ...s.test]);
    const test = counts(s.test);
    for (const [c, n] of all) expect(test.get(c)).toBe(Math.round(0.2 * n));
    expect(stratifiedSplit(labels, { testFraction: 0.2, rng: createRng(3) })).toEqual(s);
    expect(stratifiedSplit(labels, { testFraction: 0.2, rng: createRng(4) }).test).not.toEqual(s.test);
  });

  it('rejects fractions outside (0, 1)', () => {
    expect(() => stratifiedSplit(labels, { testFraction: 1.2, rng: createRng(0) })).toThrow(TricksError);
    expect(() => stratifiedSplit(labels, { testFraction: 0, rng: createRng(0) })).toThrow(/strictly inside/);
  });
});

describe('kFold', () => {
  it('plain k-fold: every index validated exactly once, sizes within one (sklearn KFold sizes)', () => {
    const folds = kFold(103, 5);
    expect(folds.map((f) => f.validation.length)).toEqual([21, 21, 21, 20, 20]);
    const seen = folds.flatMap((f) => f.validation).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (const f of folds) expect(f.train.length + f.validation.length).toBe(103);
  });

  it('stratified k-fold balances every class across folds', () => {
    const folds = kFold(labels, 5, { stratified: true, rng: createRng(9) });
    const all = counts(Array.from({ length: 1000 }, (_, i) => i));
    for (const f of folds) {
      const c = counts(f.validation);
      for (const [cls, n] of all) expect(Math.abs(c.get(cls)! - n / 5)).toBeLessThanOrEqual(1);
      expect(new Set([...f.train, ...f.validation]).size).toBe(1000);
    }
    expect(kFold(labels, 5, { stratified: true, rng: createRng(9) })).toEqual(folds);
  });

  it('rejects bad k and stratification without labels', () => {
    expect(() => kFold(10, 1)).toThrow(TricksError);
    expect(() => kFold(3, 4)).toThrow(/at most the number of samples/);
    expect(() => kFold(10, 2, { stratified: true })).toThrow(/labels/);
  });
});
