import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { WeightEma } from './weight-ema';

describe('WeightEma', () => {
  it('decayAt follows timm ModelEmaV3.get_decay (closed form)', () => {
    const plain = new WeightEma([tf.variable(tf.scalar(0), true, 'ema/d1')], { decay: 0.99 });
    expect([1, 2, 100].map((s) => plain.decayAt(s))).toEqual([0, 0.99, 0.99]);
    const warm = new WeightEma([tf.variable(tf.scalar(0), true, 'ema/d2')], {
      decay: 0.999,
      warmup: true,
      warmupPower: 0.75,
      minDecay: 0.1,
    });
    expect(warm.decayAt(1)).toBe(0);
    expect(warm.decayAt(2)).toBeCloseTo(Math.max(0.1, 1 - 2 ** -0.75), 14);
    expect(warm.decayAt(11)).toBeCloseTo(1 - 11 ** -0.75, 14);
    expect(warm.decayAt(1e9)).toBe(0.999);
    plain.dispose();
    warm.dispose();
  });

  it('tracks ema ← ema + (1 − d)(w − ema) against a float64 recurrence; apply/restore swap exactly', () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]), true, 'ema/w');
    const ema = new WeightEma([w], { decay: 0.9 });
    let ref = [1, -2, 3];
    for (let s = 1; s <= 20; s++) {
      const next = [Math.sin(s), Math.cos(s), s / 10];
      w.assign(tf.tensor1d(next));
      ema.update();
      const d = s <= 1 ? 0 : 0.9;
      ref = ref.map((e, i) => e + (1 - d) * (next[i]! - e));
    }
    const live = w.dataSync().slice();
    ema.apply();
    expect(Array.from(w.dataSync())).toEqual(ref.map((x) => expect.closeTo(x, 5)));
    expect(() => ema.apply()).toThrow(TricksError);
    expect(() => ema.update()).toThrow(TricksError);
    ema.restore();
    expect(w.dataSync()).toEqual(live);
    expect(() => ema.restore()).toThrow(/WeightEma.restore: argument 'this' expected EMA weights applied/);
    const json = JSON.parse(JSON.stringify(ema.toJson()));
    const other = new WeightEma([w], { decay: 0.9 });
    other.loadJson(json);
    expect(other.getWeights()[0]!.tensor.dataSync()).toEqual(ema.getWeights()[0]!.tensor.dataSync());
    expect(other.updates).toBe(20);
    ema.dispose();
    other.dispose();
    w.dispose();
  });

  it('works with tfjs-layers model.weights (evaluation with EMA weights, then restore)', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({
          units: 2,
          inputShape: [3],
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
        }),
      ],
    });
    const x = tf.tensor2d([[1, 2, 3]]);
    const before = (model.predict(x) as tf.Tensor).dataSync().slice();
    const ema = new WeightEma(model.weights, { decay: 0.5 });
    model.setWeights(model.getWeights().map((t) => tf.mul(t, tf.scalar(3))));
    ema.update(1); // decay 0 → copies
    ema.update(2); // decay 0.5: halfway to the live weights, which did not change → same
    model.setWeights(model.getWeights().map((t) => tf.mul(t, tf.scalar(0))));
    ema.apply();
    const withEma = (model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(withEma)).toEqual(Array.from(before).map((v) => expect.closeTo(3 * v, 4)));
    ema.restore();
    expect(Array.from((model.predict(x) as tf.Tensor).dataSync())).toEqual([0, 0]);
    ema.dispose();
    model.dispose();
    x.dispose();
  });

  it('memory is flat over 200 updates', async () => {
    const w = tf.variable(tf.ones([4, 4]), true, 'ema/leak');
    const ema = new WeightEma([w], { warmup: true });
    await expectNoLeaks(() => {
      for (let i = 0; i < 200; i++) ema.update();
    }, 'WeightEma.update');
    ema.dispose();
    w.dispose();
  });

  it('refuses bad input', () => {
    expect(() => new WeightEma([])).toThrow(/WeightEma: argument 'targets' expected a non-empty array/);
    const w = tf.variable(tf.scalar(1), true, 'ema/bad');
    expect(() => new WeightEma([w], { decay: 1.5 })).toThrow(
      /WeightEma: argument 'options.decay' expected a number in \[0, 1\], got 1.5/,
    );
    w.dispose();
  });
});
