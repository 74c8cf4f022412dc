import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { cosine } from '@tftricks/schedulers';
import { describe, expect, it } from 'vitest';
import { adamw } from './adamw';
import { chain } from './chain';
import { createOptimizer } from './create-optimizer';
import type { GradientTransformation } from './gradient-transformation';
import { lookahead } from './lookahead';
import { lrMultipliers } from './lr-multipliers';
import { buildPreset, PRESET_NAMES } from './optimizer-registry';
import { scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { sgd } from './sgd';
import { TricksOptimizer } from './tricks-optimizer';

let id = 0;
function vars() {
  id++;
  // tidy frees the initial-value tensors; variables survive it.
  return tf.tidy(() => [
    tf.variable(
      tf.tensor2d([
        [0.5, -0.25, 1],
        [0.75, -1, 0.125],
      ]),
      true,
      `to${id}/kernel`,
    ),
    tf.variable(tf.tensor1d([0.1, -0.2, 0.3]), true, `to${id}/bias`),
  ]);
}

/** A quadratic loss with a known gradient 2(w − 1). */
function loss(vs: tf.Variable[]) {
  return () => tf.addN(vs.map((v) => tf.sum(tf.square(tf.sub(v, tf.scalar(1)))))) as tf.Scalar;
}

describe('TricksOptimizer', () => {
  it('minimize(f) with sgd is p ← p − lr·∇f (closed form); setLearningRate changes the LR used', () => {
    const vs = vars();
    const opt = new TricksOptimizer(sgd({ learningRate: 0.1 }));
    const p0 = Array.from(vs[0]!.dataSync());
    const cost = opt.minimize(loss(vs), true)!;
    expect(cost.dataSync()[0]).toBeGreaterThan(0);
    cost.dispose();
    const p1 = Array.from(vs[0]!.dataSync());
    expect(p1).toEqual(p0.map((x) => expect.closeTo(x - 0.1 * 2 * (x - 1), 6)));
    expect(opt.learningRate).toBe(0.1);
    opt.setLearningRate(0.5);
    expect(opt.learningRate).toBe(0.5);
    opt.minimize(loss(vs));
    const p2 = Array.from(vs[0]!.dataSync());
    expect(p2).toEqual(p1.map((x) => expect.closeTo(x - 0.5 * 2 * (x - 1), 6)));
    opt.setLearningRate(null);
    expect(opt.learningRate).toBe(0.1);
    expect(opt.step).toBe(2);
    expect(opt.iterations).toBe(2);
    expect(() => opt.setLearningRate(Number.NaN)).toThrow(TricksError);
    expect(() => opt.setLearningRate(-1)).toThrow(/setLearningRate: argument 'lr' expected a number ≥ 0/);
    opt.dispose();
    tf.dispose(vs);
  });

  it('a Schedule learning rate is evaluated at each step', () => {
    const vs = vars();
    const lrs: number[] = [];
    const opt = new TricksOptimizer(adamw({ learningRate: (t) => 0.01 * (t + 1) }));
    for (let i = 0; i < 3; i++) {
      lrs.push(opt.learningRate);
      opt.minimize(loss(vs));
    }
    expect(lrs).toEqual([0.01, 0.02, 0.03].map((x) => expect.closeTo(x, 12)));
    expect(opt.step).toBe(3);
    opt.dispose();
    tf.dispose(vs);
  });

  it('applyGradients accepts NamedTensor[]; refuses unknown names and wrong shapes', () => {
    const vs = vars();
    const opt = new TricksOptimizer(sgd({ learningRate: 1 }));
    const g = tf.onesLike(vs[1]!);
    opt.applyGradients([{ name: vs[1]!.name, tensor: g }]);
    expect(Array.from(vs[1]!.dataSync())).toEqual(
      [0.1 - 1, -0.2 - 1, 0.3 - 1].map((x) => expect.closeTo(x, 6)),
    );
    expect(() => opt.applyGradients({ nope: g })).toThrow(
      /applyGradients: argument 'variableGradients\['nope'\]'/,
    );
    expect(() => opt.applyGradients({ [vs[0]!.name]: g })).toThrow(
      /expected shape \[2, 3\], got shape \[3\]/,
    );
    // A variable seen for the first time gets its state on the fly.
    const g0 = tf.onesLike(vs[0]!);
    opt.applyGradients({ [vs[0]!.name]: g0 });
    expect(vs[0]!.dataSync()[0]).toBeCloseTo(-0.5, 6);
    opt.dispose();
    tf.dispose([...vs, g, g0]);
  });

  it('getConfig/fromConfig round-trip through the tfjs serialization registry', () => {
    const opt = createOptimizer('adamw', {
      learningRate: 3e-4,
      weightDecay: 0.05,
      weightDecayMask: /kernel/,
      clipGradNorm: 1,
    });
    const config = opt.getConfig();
    expect(config).toEqual({
      preset: 'adamw',
      options: {
        learningRate: 3e-4,
        weightDecay: 0.05,
        weightDecayMask: { $regexp: 'kernel', flags: '' },
        clipGradNorm: 1,
      },
      dropped: [],
    });
    expect(opt.getClassName()).toBe('TricksOptimizer');
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.TricksOptimizer!;
    const copy = fromConfig(cls, config) as TricksOptimizer;
    expect(copy).toBeInstanceOf(TricksOptimizer);
    expect(copy.learningRate).toBe(3e-4);
    const withSchedule = createOptimizer('sgd', { learningRate: (t: number) => 1 / (t + 1) });
    expect(withSchedule.getConfig().dropped).toEqual(['learningRate']);
    // Schedules of @tftricks/schedulers carry their JSON, so they survive getConfig/fromConfig.
    const cos = createOptimizer('adamw', { learningRate: cosine({ baseLr: 0.1, tMax: 10 }) });
    expect(cos.getConfig().dropped).toEqual([]);
    const cosCopy = fromConfig(cls, cos.getConfig()) as TricksOptimizer;
    expect(cosCopy.learningRate).toBe(0.1);
    cos.dispose();
    cosCopy.dispose();
    expect(() => TricksOptimizer.fromConfig(cls, { preset: 'custom' })).toThrow(TricksError);
    for (const o of [opt, copy, withSchedule]) o.dispose();
  });
});

describe('memory is flat over 200 steps for every preset', () => {
  const configs: [string, () => GradientTransformation][] = [
    ...PRESET_NAMES.map(
      (n) =>
        [n, () => buildPreset('test', n, { learningRate: 1e-3 })] as [string, () => GradientTransformation],
    ),
    ['lookahead(adamw)', () => lookahead(adamw())],
    // α ramping 1 → 0.5: both the plain-step branch (α = 1) and the interpolation run.
    ['lookahead(adamw, α schedule)', () => lookahead(adamw(), { k: 3, alpha: (n) => (n < 90 ? 1 : 0.5) })],
    [
      'adam direction + lrMultipliers',
      () => chain(scaleByAdam(), lrMultipliers([[(_n, p) => p.rank === 1, 64]]), scaleByLearningRate(1e-3)),
    ],
    [
      'adamw + every wrapper',
      () =>
        buildPreset('test', 'adamw', {
          clipGradNorm: 1,
          clipGradValue: 5,
          accumulateSteps: 2,
          skipNonFinite: true,
          lookahead: true,
        }),
    ],
  ];
  for (const [name, make] of configs) {
    it(name, async () => {
      const baseline = tf.memory().numTensors;
      const vs = vars();
      const opt = new TricksOptimizer(make());
      opt.minimize(loss(vs)); // the first step creates the state
      await expectNoLeaks(() => {
        for (let i = 0; i < 200; i++) opt.minimize(loss(vs));
      }, name);
      opt.dispose();
      tf.dispose(vs);
      expect(tf.memory().numTensors).toBe(baseline);
    });
  }
});
