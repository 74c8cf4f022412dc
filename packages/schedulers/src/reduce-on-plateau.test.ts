import plateauGolden from '@golden/schedulers/plateau.json';
import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { ReduceOnPlateau, type ReduceOnPlateauOptions } from './reduce-on-plateau';

interface PlateauCase {
  name: string;
  options: Required<ReduceOnPlateauOptions>;
  metrics: number[];
  lr: number[];
}

describe('ReduceOnPlateau equals PyTorch 1.13 ReduceLROnPlateau', () => {
  for (const c of plateauGolden.cases as PlateauCase[]) {
    it(c.name, () => {
      const r = new ReduceOnPlateau(c.options);
      const lrs = c.metrics.map((m) => r.step(m));
      const worst = Math.max(...lrs.map((lr, i) => Math.abs(lr - c.lr[i]!) / c.lr[i]!));
      expect(worst).toBeLessThanOrEqual(1e-6);
      // Every case reduces at least once, so the fixture exercises the branches it names.
      expect(new Set(c.lr).size).toBeGreaterThan(1);
    });
  }

  it('state() / fromState() resume mid-run exactly, through JSON', () => {
    const c = plateauGolden.cases[3] as PlateauCase;
    const a = new ReduceOnPlateau(c.options);
    const half = c.metrics.length / 2;
    for (const m of c.metrics.slice(0, half)) a.step(m);
    const b = ReduceOnPlateau.fromState(JSON.parse(JSON.stringify(a.state())));
    for (const [i, m] of c.metrics.slice(half).entries()) {
      expect(b.step(m)).toBe(a.step(m));
      expect(b.lr).toBeCloseTo(c.lr[half + i]!, 12);
    }
    // Before any step, best is ±Infinity, stored as null.
    const fresh = new ReduceOnPlateau({ lr: 1, mode: 'max' });
    expect(fresh.state().best).toBeNull();
    expect(ReduceOnPlateau.fromState(fresh.state()).step(-5)).toBe(1);
  });

  it('rejects bad options and NaN metrics', () => {
    expect(() => new ReduceOnPlateau({ lr: 0.1, factor: 1 })).toThrow(TricksError);
    expect(() => new ReduceOnPlateau({ lr: 0.1, factor: 1 })).toThrow(/options.factor/);
    expect(() => new ReduceOnPlateau({ lr: 0.1, patience: -1 })).toThrow(/options.patience/);
    expect(() => new ReduceOnPlateau({ lr: 0.1, mode: 'lowest' as 'min' })).toThrow(/options.mode/);
    expect(() => new ReduceOnPlateau({ lr: -1 })).toThrow(/options.lr/);
    const r = new ReduceOnPlateau({ lr: 0.1 });
    expect(() => r.step(Number.NaN)).toThrow(
      "ReduceOnPlateau.step: argument 'metric' expected a finite number, got NaN",
    );
  });
});
