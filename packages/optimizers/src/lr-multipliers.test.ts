import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import { lrMultipliers } from './lr-multipliers';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { traceMomentum } from './trace-momentum';
import { TricksOptimizer } from './tricks-optimizer';

const grads = (): tf.NamedTensorMap => ({
  'conv/kernel': tf.tensor2d([
    [1, -2],
    [3, -4],
  ]),
  'bn/beta': tf.tensor1d([0.5, -0.25]),
  'bn/gamma': tf.tensor1d([2, 4]),
});

function run(tx: ReturnType<typeof lrMultipliers>, g: tf.NamedTensorMap): Record<string, number[]> {
  const { updates } = tx.update(g, tx.init(g), g);
  const out: Record<string, number[]> = {};
  for (const [n, u] of Object.entries(updates)) out[n] = Array.from(u.dataSync());
  tf.dispose(Object.values(updates).filter((u) => !Object.values(g).includes(u)));
  return out;
}

describe('lrMultipliers', () => {
  it('a record scales named parameters and leaves the others at the default', () => {
    const g = grads();
    expect(run(lrMultipliers({ 'bn/beta': 64, 'bn/gamma': 0 }), g)).toEqual({
      'conv/kernel': [1, -2, 3, -4],
      'bn/beta': [32, -16],
      'bn/gamma': [0, 0],
    });
    expect(run(lrMultipliers({ 'bn/beta': 2 }, { default: 0.5 }), g)['conv/kernel']).toEqual([
      0.5, -1, 1.5, -2,
    ]);
    tf.dispose(Object.values(g));
  });

  it('rules: the first matching mask wins; predicates see the parameter', () => {
    const g = grads();
    const tx = lrMultipliers([
      [/\/beta$/, 64],
      [(_name, p) => p.rank === 1, 0.5],
      [/bn/, 10], // never reached for bn/*: an earlier rule matched
    ]);
    expect(run(tx, g)).toEqual({
      'conv/kernel': [1, -2, 3, -4],
      'bn/beta': [32, -16],
      'bn/gamma': [1, 2],
    });
    tf.dispose(Object.values(g));
  });

  it('a function gives each factor; factor 1 passes the very tensor through', () => {
    const g = grads();
    const tx = lrMultipliers((name) => (name.startsWith('bn/') ? 3 : 1));
    const { updates } = tx.update(g, tx.init(g), g);
    expect(updates['conv/kernel']).toBe(g['conv/kernel']);
    expect(Array.from(updates['bn/gamma']!.dataSync())).toEqual([6, 12]);
    tf.dispose([updates['bn/beta']!, updates['bn/gamma']!, ...Object.values(g)]);
  });

  it('returns only the updates it documents (no leaks)', async () => {
    const g = grads();
    const tx = lrMultipliers([[/bn/, 2]]);
    // Transformations run inside the driver's tf.tidy (the contract). The kernel passes through
    // (an input, not counted); beta and gamma are the 2 new tensors, the factor scalars go.
    const r = await expectNoLeaks(
      () =>
        tf.tidy(() => {
          const { updates } = tx.update(g, tx.init(g), g);
          return { beta: updates['bn/beta']!, gamma: updates['bn/gamma']! };
        }),
      'lrMultipliers',
    );
    expect(Array.from(r.gamma.dataSync())).toEqual([4, 8]);
    tf.dispose([r.beta, r.gamma, ...Object.values(g)]);
  });

  it('×m on a parameter equals SGD-Nesterov with lr·m on it (a torch parameter group), the rest unchanged', () => {
    // airbench's BatchNorm biases (×64) as a torch parameter group with its own lr: here the
    // multiplier sits after the coupled decay, so the decay term is scaled with it, as lr·64 would.
    const lr = 0.01;
    const wd = 0.1;
    const init = { w: [1, -2, 0.5], b: [0.3, -0.1] };
    const trajectory = (
      makeTx: () => ReturnType<typeof chain>,
      names: { w: string; b: string },
      only?: 'w' | 'b',
    ) => {
      const w = tf.variable(tf.tensor1d(init.w), true, names.w);
      const b = tf.variable(tf.tensor1d(init.b), true, names.b);
      const opt = new TricksOptimizer(makeTx());
      for (let t = 0; t < 6; t++) {
        const g = {
          [names.w]: tf.tensor1d([Math.sin(t), Math.cos(t), 0.5]),
          [names.b]: tf.tensor1d([Math.cos(2 * t), -1]),
        };
        if (only !== undefined) delete g[only === 'w' ? names.b : names.w];
        opt.applyGradients(g);
        tf.dispose(Object.values(g));
      }
      const out = { w: Array.from(w.dataSync()), b: Array.from(b.dataSync()) };
      opt.dispose();
      tf.dispose([w, b]);
      return out;
    };
    const decay = () => addDecayedWeights(wd, () => true);
    const momentum = () => traceMomentum({ decay: 0.85, nesterov: true });
    const scaled = trajectory(
      () => chain(decay(), momentum(), lrMultipliers([[/\/b$/, 64]]), scaleByLearningRate(lr)),
      { w: 'lrm/w', b: 'lrm/b' },
    );
    const plain = trajectory(
      () => chain(decay(), momentum(), scaleByLearningRate(lr)),
      { w: 'pl/w', b: 'pl/b' },
      'w',
    );
    const fast = trajectory(
      () => chain(decay(), momentum(), scaleByLearningRate(64 * lr)),
      { w: 'fa/w', b: 'fa/b' },
      'b',
    );
    scaled.w.forEach((v, i) => expect(v).toBeCloseTo(plain.w[i]!, 6));
    scaled.b.forEach((v, i) => expect(v).toBeCloseTo(fast.b[i]!, 5));
    expect(scaled.b).not.toEqual(init.b);
  });

  it('bad input → TricksError naming the argument', () => {
    const cases: [() => unknown, RegExp][] = [
      [
        () => lrMultipliers({ a: -1 }),
        /lrMultipliers: argument 'factors\['a'\]' expected a finite factor ≥ 0, got -1/,
      ],
      [() => lrMultipliers({ a: Number.NaN }), /argument 'factors\['a'\]'/],
      [() => lrMultipliers([[/a/, Number.POSITIVE_INFINITY]]), /argument 'factors\[0\]\[1\]'/],
      [
        () => lrMultipliers([['a' as unknown as RegExp, 2]]),
        /argument 'factors\[0\]\[0\]' expected a RegExp or a predicate/,
      ],
      [
        () => lrMultipliers([[/a/] as unknown as [RegExp, number]]),
        /argument 'factors\[0\]' expected a rule \[mask, factor\]/,
      ],
      [() => lrMultipliers(3 as unknown as Record<string, number>), /argument 'factors' expected a record/],
      [() => lrMultipliers({}, { default: -2 }), /argument 'options.default'/],
    ];
    for (const [f, message] of cases) {
      expect(f).toThrow(TricksError);
      expect(f).toThrow(message);
    }
    const g = { a: tf.tensor1d([1]) };
    const tx = lrMultipliers(() => Number.NaN);
    expect(() => tx.update(g, tx.init(g))).toThrow(
      /lrMultipliers: argument 'factors\('a'\)' expected a finite factor/,
    );
    g.a.dispose();
  });
});
