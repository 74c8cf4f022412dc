import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { linear } from '@tftricks/schedulers';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer';
import { lookahead } from './lookahead';
import { sgd } from './sgd';
import { TricksOptimizer } from './tricks-optimizer';

let id = 0;
/** Runs `steps` updates of `tx` on one scalar-vector parameter with gradients g(t); returns θ after each. */
function trajectory(
  make: () => ReturnType<typeof lookahead>,
  steps: number,
  g: (t: number) => number,
): number[] {
  const v = tf.variable(tf.tensor1d([1]), true, `lookahead-test/${id++}`);
  const opt = new TricksOptimizer(make());
  const seen: number[] = [];
  for (let t = 0; t < steps; t++) {
    const grad = tf.tensor1d([g(t)]);
    opt.applyGradients({ [v.name]: grad });
    grad.dispose();
    seen.push(v.dataSync()[0]!);
  }
  opt.dispose();
  v.dispose();
  return seen;
}

describe('lookahead with an α schedule', () => {
  it('a constant schedule equals the number', () => {
    const g = (t: number) => Math.sin(t + 0.5);
    const fixed = trajectory(() => lookahead(sgd({ learningRate: 0.1 }), { k: 3, alpha: 0.3 }), 12, g);
    const scheduled = trajectory(
      () => lookahead(sgd({ learningRate: 0.1 }), { k: 3, alpha: () => 0.3 }),
      12,
      g,
    );
    expect(scheduled).toEqual(fixed);
  });

  it('α(n) is read at each synchronisation with n = inner updates so far; α = 1 is a plain step, bit for bit', () => {
    const seen: number[] = [];
    const g = (t: number) => 0.25 * (t + 1);
    const ramp = trajectory(
      () =>
        lookahead(sgd({ learningRate: 1 }), {
          k: 2,
          alpha: (n) => {
            seen.push(n);
            return n <= 4 ? 1 : 0.5;
          },
        }),
      8,
      g,
    );
    expect(seen).toEqual([2, 4, 6, 8]);
    // Until step 4, α = 1: exactly plain SGD.
    const plain: number[] = [];
    let x = Math.fround(1);
    for (let t = 0; t < 8; t++) {
      x = Math.fround(x - Math.fround(g(t)));
      plain.push(x);
    }
    expect(ramp.slice(0, 4)).toEqual(plain.slice(0, 4));
    // Then slow φ = θ₄; fast θ₅ = θ₄ − g(4), θ₆ = θ₅ − g(5); sync: φ ← φ + ½(θ₆ − φ).
    const phi4 = plain[3]!;
    const fast6 = phi4 - g(4) - g(5);
    const phi6 = phi4 + 0.5 * (fast6 - phi4);
    expect(ramp[4]).toBeCloseTo(phi4 - g(4), 6);
    expect(ramp[5]).toBeCloseTo(phi6, 6);
    const phi8 = phi6 + 0.5 * (phi6 - g(6) - g(7) - phi6);
    expect(ramp[7]).toBeCloseTo(phi8, 6);
  });

  it("is airbench's EMA: every 5 steps from a start, ema ← lerp(ema, θ, 1 − ρ), ρ = 0.95⁵ (n/T)³, θ ← ema", () => {
    const total = 40;
    const start = 15; // airbench starts at an epoch boundary; here the first sync at or after step 15
    const lr = 0.2;
    const g = (t: number) => Math.cos(0.7 * t) + 0.3;
    const rho = (n: number) => 0.95 ** 5 * (n / total) ** 3;
    // airbench's loop, in float64: the EMA state is created at the first sync step ≥ start.
    let theta = 1;
    let ema: number | null = null;
    const reference: number[] = [];
    for (let step = 1; step <= total; step++) {
      theta -= lr * g(step - 1);
      if (step >= start && step % 5 === 0) {
        if (ema === null) ema = theta;
        else {
          ema += (1 - rho(step)) * (theta - ema);
          theta = ema;
        }
      }
      reference.push(theta);
    }
    const firstSync = Math.ceil(start / 5) * 5;
    const ours = trajectory(
      () => lookahead(sgd({ learningRate: lr }), { k: 5, alpha: (n) => (n <= firstSync ? 1 : 1 - rho(n)) }),
      total,
      g,
    );
    ours.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 5));
    // The EMA really acted: the trajectory differs from plain SGD after the start.
    const plain = trajectory(() => lookahead(sgd({ learningRate: lr }), { k: 5, alpha: 1 }), total, g);
    expect(Math.abs(ours[total - 1]! - plain[total - 1]!)).toBeGreaterThan(1e-2);
  });

  it('a schedule value outside [0, 1] or NaN → TricksError at that synchronisation', () => {
    for (const bad of [1.5, -0.1, Number.NaN]) {
      expect(() =>
        trajectory(
          () => lookahead(sgd(), { k: 2, alpha: () => bad }),
          2,
          () => 1,
        ),
      ).toThrow(/lookahead: argument 'options.alpha\(2\)' expected a number in \[0, 1\]/);
    }
    expect(() =>
      trajectory(
        () => lookahead(sgd(), { k: 2, alpha: () => 0.5 }),
        1,
        () => 1,
      ),
    ).not.toThrow();
    expect(() => lookahead(sgd(), { alpha: Number.NaN })).toThrow(TricksError);
  });

  it('createOptimizer: a schedulers α survives getConfig/fromConfig; a hand-written one is listed as dropped', () => {
    const alpha = linear({ baseLr: 1, startFactor: 1, endFactor: 0.5, totalIters: 20 });
    const opt = createOptimizer('sgd', { learningRate: 0.1, lookahead: { k: 4, alpha } });
    const config = opt.getConfig();
    expect(config.dropped).toEqual([]);
    expect((config.options as { lookahead: { alpha: unknown } }).lookahead.alpha).toHaveProperty('$schedule');
    const copy = TricksOptimizer.fromConfig(TricksOptimizer, config) as TricksOptimizer;
    const g = (t: number) => Math.sin(t);
    const run = (o: TricksOptimizer) => {
      const v = tf.variable(tf.tensor1d([1]), true, `lookahead-config/${id++}`);
      for (let t = 0; t < 12; t++) {
        const grad = tf.tensor1d([g(t)]);
        o.applyGradients({ [v.name]: grad });
        grad.dispose();
      }
      const out = v.dataSync()[0];
      v.dispose();
      o.dispose();
      return out;
    };
    expect(run(copy)).toBe(run(opt));
    const hand = createOptimizer('sgd', { lookahead: { alpha: (n: number) => 1 / n } });
    expect(hand.getConfig().dropped).toEqual(['lookahead.alpha']);
    hand.dispose();
  });
});
