import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { DynamicLossScaler } from './dynamic-loss-scaler';
import { sgd } from './sgd';
import { TricksOptimizer } from './tricks-optimizer';

describe('DynamicLossScaler', () => {
  it('grows after growthInterval finite steps and backs off on a non-finite one (GradScaler rules)', () => {
    const s = new DynamicLossScaler({ initScale: 8, growthInterval: 3 });
    const seq = [true, true, true, true, false, true, true, true];
    const scales = seq.map((ok) => {
      s.update(ok);
      return s.scale;
    });
    expect(scales).toEqual([8, 8, 16, 16, 8, 8, 8, 16]);
    expect(s.skipped).toBe(1);
    expect(s.toJson()).toEqual({ scale: 16, goodSteps: 0, skipped: 1 });
  });

  it('minimize equals an unscaled step (power-of-two scale), and skips a NaN step leaving weights bit-identical', () => {
    const a = tf.variable(tf.tensor1d([0.5, -1.5]), true, 'dls/a');
    const b = tf.variable(tf.tensor1d([0.5, -1.5]), true, 'dls/b');
    const optA = new TricksOptimizer(sgd({ learningRate: 0.1 }));
    const optB = new TricksOptimizer(sgd({ learningRate: 0.1 }));
    const scaler = new DynamicLossScaler({ initScale: 2 ** 10 });
    const lossOf = (v: tf.Variable) => () => tf.sum(tf.square(tf.sub(v, tf.scalar(2)))) as tf.Scalar;
    const loss = scaler.minimize(optA, lossOf(a), [a]);
    const plain = optB.minimize(lossOf(b), true, [b])!;
    expect(loss.dataSync()[0]).toBeCloseTo(plain.dataSync()[0]!, 4);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()).map((x) => expect.closeTo(x, 6)));
    tf.dispose([loss, plain]);
    const before = a.dataSync().slice();
    const nanLoss = scaler.minimize(optA, () => tf.mul(tf.sum(a), tf.scalar(Number.NaN)) as tf.Scalar, [a]);
    nanLoss.dispose();
    expect(a.dataSync()).toEqual(before);
    expect(scaler.skipped).toBe(1);
    expect(scaler.scale).toBe(2 ** 9);
    expect(optA.step).toBe(1);
    for (const o of [optA, optB]) o.dispose();
    tf.dispose([a, b]);
  });

  it('memory is flat over 200 steps', async () => {
    const v = tf.variable(tf.ones([3, 3]), true, 'dls/leak');
    const opt = new TricksOptimizer(sgd({ learningRate: 0.01, momentum: 0.9 }));
    const scaler = new DynamicLossScaler({ growthInterval: 50 });
    const f = () => tf.sum(tf.square(v)) as tf.Scalar;
    scaler.minimize(opt, f, [v]).dispose();
    await expectNoLeaks(() => {
      for (let i = 0; i < 200; i++) scaler.minimize(opt, f, [v]).dispose();
    }, 'DynamicLossScaler.minimize');
    expect(scaler.scale).toBe(2 ** 16 * 2 ** 4);
    opt.dispose();
    v.dispose();
  });

  it('refuses bad options', () => {
    expect(() => new DynamicLossScaler({ backoffFactor: 1 })).toThrow(TricksError);
    expect(() => new DynamicLossScaler({ growthInterval: 0.5 })).toThrow(
      /DynamicLossScaler: argument 'options.growthInterval' expected an integer ≥ 1/,
    );
  });
});
