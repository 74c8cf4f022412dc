import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { TricksError } from './tricks-error';

function stats(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, variance };
}

describe('createRng', () => {
  it('the same seed gives the same stream, a different seed a different one', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 100 }, () => a.uniform());
    const xb = Array.from({ length: 100 }, () => b.uniform());
    const xc = Array.from({ length: 100 }, () => c.uniform());
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
  });

  it('matches the published xoshiro128** output for a known state', () => {
    // Reference: the C implementation (prng.di.unimi.it) with s = {1, 2, 3, 4} outputs
    // 11520, 0, 5927040, 70819200, 2031721883 as its first five 32-bit words.
    const rng = createRng({ algorithm: 'xoshiro128**', s: [1, 2, 3, 4] });
    // uniform() consumes two words: (w0 >>> 5) * 2^26 + (w1 >>> 6), over 2^53.
    const u = rng.uniform();
    expect(u).toBe(((11520 >>> 5) * 67108864 + (0 >>> 6)) / 9007199254740992);
    const u2 = rng.uniform();
    expect(u2).toBe(((5927040 >>> 5) * 67108864 + (70819200 >>> 6)) / 9007199254740992);
  });

  it('state round-trips through JSON into the same continuation', () => {
    const rng = createRng(7);
    for (let i = 0; i < 37; i++) rng.normal();
    const saved = JSON.parse(JSON.stringify(rng.state()));
    const resumed = createRng(saved);
    const a = Array.from({ length: 50 }, () => [
      rng.uniform(),
      rng.int(0, 10),
      rng.normal(),
      rng.beta(0.4, 0.4),
    ]);
    const b = Array.from({ length: 50 }, () => [
      resumed.uniform(),
      resumed.int(0, 10),
      resumed.normal(),
      resumed.beta(0.4, 0.4),
    ]);
    expect(b).toEqual(a);
  });

  it('fork gives an independent, deterministic stream', () => {
    const a = createRng(1);
    const b = createRng(1);
    const fa = a.fork();
    const fb = b.fork();
    expect(Array.from({ length: 20 }, () => fa.uniform())).toEqual(
      Array.from({ length: 20 }, () => fb.uniform()),
    );
    const parent = Array.from({ length: 2000 }, () => a.uniform());
    const child = Array.from({ length: 2000 }, () => fa.uniform());
    // Correlation of independent U(0,1) streams is ~N(0, 1/n): |r| < 0.1 at n = 2000.
    const pm = stats(parent).mean;
    const cm = stats(child).mean;
    let cov = 0;
    for (let i = 0; i < 2000; i++) cov += (parent[i]! - pm) * (child[i]! - cm);
    const r = cov / 2000 / Math.sqrt(stats(parent).variance * stats(child).variance);
    expect(Math.abs(r)).toBeLessThan(0.1);
  });

  it('uniform, normal and beta have the right moments over 1e5 draws', () => {
    const rng = createRng(123);
    const n = 100_000;
    const u = stats(Array.from({ length: n }, () => rng.uniform(2, 6)));
    expect(u.mean).toBeCloseTo(4, 1);
    expect(Math.abs(u.variance - 16 / 12)).toBeLessThan(0.02);
    const z = stats(Array.from({ length: n }, () => rng.normal(1, 2)));
    expect(Math.abs(z.mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(z.variance - 4)).toBeLessThan(0.08);
    for (const [a, b] of [
      [0.2, 0.2],
      [2, 5],
    ] as const) {
      const x = stats(Array.from({ length: n }, () => rng.beta(a, b)));
      const mean = a / (a + b);
      const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(x.mean - mean)).toBeLessThan(0.01);
      expect(Math.abs(x.variance - variance)).toBeLessThan(0.01 * variance + 0.002);
    }
    const hits = Array.from({ length: n }, () => rng.bernoulli(0.3)).filter(Boolean).length;
    expect(Math.abs(hits / n - 0.3)).toBeLessThan(0.01);
  });

  it('int covers [lo, hi) uniformly and permutation is a permutation', () => {
    const rng = createRng(5);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(-2, 4) + 2]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const p = rng.permutation(100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('bad arguments throw TricksError naming the argument', () => {
    const rng = createRng(0);
    expect(() => rng.bernoulli(1.5)).toThrow(TricksError);
    expect(() => rng.bernoulli(1.5)).toThrow(
      /Rng.bernoulli: argument 'p' expected a probability in \[0, 1\], got 1.5/,
    );
    expect(() => rng.int(3, 3)).toThrow(TricksError);
    expect(() => rng.beta(0, 1)).toThrow(/'a'/);
    expect(() => createRng(1.5)).toThrow(TricksError);
    expect(() => createRng({ algorithm: 'xoshiro128**', s: [1, 2, 3] } as never)).toThrow(TricksError);
  });
});
