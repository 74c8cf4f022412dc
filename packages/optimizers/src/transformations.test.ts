import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { adamw } from './adamw';
import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import { clipByValue } from './clip-by-value';
import { lookahead } from './lookahead';
import { masked } from './masked';
import { multiSteps } from './multi-steps';
import { buildPreset } from './optimizer-registry';
import { decayAll } from './param-mask';
import { scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { scaleByTrustRatio } from './scale-by-trust-ratio';
import { sgd } from './sgd';
import { traceMomentum } from './trace-momentum';

function values(m: tf.NamedTensorMap): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(m)) out[k] = Array.from(v.dataSync());
  return out;
}

const params = (): tf.NamedTensorMap => ({
  kernel: tf.tensor2d([
    [1, 2],
    [3, 4],
  ]),
  bias: tf.tensor1d([0.5, -0.5]),
});
const grads = (): tf.NamedTensorMap => ({
  kernel: tf.tensor2d([
    [0.1, -0.2],
    [0.3, -0.4],
  ]),
  bias: tf.tensor1d([1, -1]),
});

describe('addDecayedWeights', () => {
  it('default mask decays rank ≥ 2 only; RegExp and predicate masks override', () => {
    const p = params();
    const g = grads();
    const run = (tx: ReturnType<typeof addDecayedWeights>) => values(tx.update(g, tx.init(p), p).updates);
    const d = run(addDecayedWeights(0.5));
    expect(d.kernel).toEqual([0.6, 0.8, 1.8, 1.6].map((x) => expect.closeTo(x, 6)));
    expect(d.bias).toEqual([1, -1]);
    expect(run(addDecayedWeights(0.5, /bias/)).kernel).toEqual(
      [0.1, -0.2, 0.3, -0.4].map((x) => expect.closeTo(x, 6)),
    );
    expect(run(addDecayedWeights(0.5, /bias/g)).bias).toEqual([1.25, -1.25]);
    expect(run(addDecayedWeights(0.5, decayAll)).bias).toEqual([1.25, -1.25]);
    expect(run(addDecayedWeights(0.5, (_n, t) => t.rank === 1)).bias).toEqual([1.25, -1.25]);
    tf.dispose([...Object.values(p), ...Object.values(g)]);
  });
  it('needs params', () => {
    const tx = addDecayedWeights(0.1);
    const g = grads();
    expect(() => tx.update(g, tx.init(g))).toThrow(TricksError);
    tf.dispose(Object.values(g));
  });
});

describe('scaleByLearningRate', () => {
  it('evaluates a Schedule at each update count, and a context override wins', () => {
    const seen: number[] = [];
    const tx = scaleByLearningRate((t) => {
      seen.push(t);
      return 0.5 * (t + 1);
    });
    const g = { a: tf.tensor1d([2]) };
    let s = tx.init(g);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = tx.update(g, s, undefined, i === 2 ? { learningRate: 10 } : {});
      got.push(r.updates.a!.dataSync()[0]!);
      r.updates.a!.dispose();
      s = r.state;
    }
    expect(got).toEqual([-1, -2, -20]);
    expect(seen).toEqual([0, 1]);
    expect(tx.inspect!(s)).toEqual({ step: 3, learningRate: 2 });
    g.a.dispose();
  });
  it('refuses a schedule that returns NaN and negative rates', () => {
    const g = { a: tf.tensor1d([2]) };
    const tx = scaleByLearningRate(() => Number.NaN);
    expect(() => tx.update(g, tx.init(g))).toThrow(
      /scaleByLearningRate: argument 'learningRate\(0\)' expected a finite number, got NaN/,
    );
    expect(() => scaleByLearningRate(-1)).toThrow(TricksError);
    g.a.dispose();
  });
});

describe('traceMomentum, clipByValue, masked, trust ratio, lookahead', () => {
  it('traceMomentum: b ← μb + g, Nesterov g + μb (closed form)', () => {
    const g = { a: tf.tensor1d([1, 2]) };
    for (const nesterov of [false, true]) {
      const tx = traceMomentum({ decay: 0.5, nesterov });
      let s = tx.init(g);
      let u: number[] = [];
      for (let i = 0; i < 2; i++) {
        const r = tx.update(g, s);
        u = Array.from(r.updates.a!.dataSync());
        s = r.state;
      }
      // b1 = g, b2 = 1.5 g; Nesterov: g + 0.5·b2 = 1.75 g.
      expect(u).toEqual(nesterov ? [1.75, 3.5] : [1.5, 3]);
    }
    g.a.dispose();
  });
  it('clipByValue clips to [−d, d]', () => {
    const g = grads();
    const tx = clipByValue(0.25);
    expect(values(tx.update(g, tx.init(g)).updates).kernel).toEqual(
      [0.1, -0.2, 0.25, -0.25].map((x) => expect.closeTo(x, 6)),
    );
    tf.dispose(Object.values(g));
  });
  it('masked runs the inner transformation on selected names only', () => {
    const p = params();
    const g = grads();
    const tx = masked(scaleByLearningRate(2), /kernel/);
    const s = tx.init(p);
    const u = values(tx.update(g, s, p).updates);
    expect(u.kernel).toEqual([-0.2, 0.4, -0.6, 0.8].map((x) => expect.closeTo(x, 6)));
    expect(u.bias).toEqual([1, -1]);
    tf.dispose([...Object.values(p), ...Object.values(g)]);
  });
  it('scaleByTrustRatio scales by ‖p‖/‖u‖, and by 1 when a norm is 0', () => {
    const p = { a: tf.tensor1d([3, 4]), z: tf.tensor1d([0, 0]) };
    const u = { a: tf.tensor1d([0, 0.5]), z: tf.tensor1d([1, 1]) };
    const tx = scaleByTrustRatio();
    const r = values(tx.update(u, tx.init(p), p).updates);
    expect(r.a).toEqual([0, expect.closeTo(5, 5)]);
    expect(r.z).toEqual([1, 1]);
    tf.dispose([...Object.values(p), ...Object.values(u)]);
  });
  it('lookahead: every k steps θ ← φ + α(θ_fast − φ) (closed form with constant SGD updates)', () => {
    const v = tf.variable(tf.tensor1d([1]), true, 'la/a');
    const p = { [v.name]: v };
    const tx = lookahead(sgd({ learningRate: 1 }), { k: 2, alpha: 0.5 });
    let s = tx.init(p);
    const g = { [v.name]: tf.tensor1d([0.25]) };
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = tx.update(g, s, p);
      v.assign(tf.add(v, r.updates[v.name]!));
      s = r.state;
      seen.push(v.dataSync()[0]!);
    }
    // fast: 0.75, 0.5 → slow 1 + 0.5·(0.5 − 1) = 0.75; then 0.5, 0.25 → 0.75 + 0.5·(0.25 − 0.75) = 0.5.
    expect(seen).toEqual([0.75, 0.75, 0.5, 0.5]);
    tf.dispose([v, ...Object.values(g)]);
  });
});

describe('bad input → TricksError naming function, argument, expected and given', () => {
  it.each([
    [
      () => scaleByAdam({ beta1: 1.5 }),
      /scaleByAdam: argument 'options.beta1' expected a number in \[0, .*\], got 1.5/,
    ],
    [() => sgd({ momentum: -0.1 }), /sgd: argument 'options.momentum'/],
    [() => multiSteps(sgd(), 0), /multiSteps: argument 'k' expected an integer ≥ 1, got 0/],
    [() => lookahead(sgd(), { alpha: 2 }), /lookahead: argument 'options.alpha'/],
    [
      () => buildPreset('createOptimizer', 'adamx', {}),
      /createOptimizer: argument 'name' expected one of 'sgd'/,
    ],
    [
      () => buildPreset('createOptimizer', 'adamw', { lr: 1 }),
      /createOptimizer: argument 'options.lr' expected one of/,
    ],
    [
      () => addDecayedWeights(0.1, 'bias' as unknown as RegExp),
      /addDecayedWeights: argument 'mask' expected a RegExp or a predicate/,
    ],
    [() => chain(adamw(), scaleByLearningRate(Number.NaN)), /scaleByLearningRate: argument 'learningRate'/],
  ])('%#', (f, message) => {
    expect(f).toThrow(TricksError);
    expect(f).toThrow(message);
  });
});
