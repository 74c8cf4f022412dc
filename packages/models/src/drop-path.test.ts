import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { bits, roundTrip } from '../test/model-checks';
import { DropPath, dropPath } from './drop-path';

describe('DropPath', () => {
  it('is the identity at inference (same tensor values, bit for bit)', async () => {
    const layer = dropPath({ rate: 0.5, seed: 1 });
    const x = tf.randomUniform([8, 3, 3, 2], -1, 1, 'float32', 2);
    const y = await expectNoLeaks(() => layer.apply(x) as tf.Tensor);
    expect(bits(y)).toEqual(bits(x));
    const z = layer.apply(x, { training: false }) as tf.Tensor;
    expect(bits(z)).toEqual(bits(x));
    tf.dispose([x]);
  });

  it('in training keeps whole samples with probability 1 − rate (binomial 4σ), scaled by 1/keep', async () => {
    const rate = 0.3;
    const n = 4000;
    const layer = dropPath({ rate, seed: 11 });
    const x = tf.ones([n, 2, 2, 1]);
    const y = await expectNoLeaks(() => layer.apply(x, { training: true }) as tf.Tensor);
    const v = y.dataSync();
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const s = v.slice(i * 4, i * 4 + 4);
      // A whole sample is either dropped or kept and scaled.
      expect(new Set(s).size).toBe(1);
      if (s[0]! > 0) {
        kept++;
        expect(s[0]!).toBeCloseTo(1 / (1 - rate), 5);
      }
    }
    const sigma = Math.sqrt(n * rate * (1 - rate));
    expect(Math.abs(kept - n * (1 - rate))).toBeLessThan(4 * sigma);
    // A seeded layer draws a new mask at every call, and the same sequence for the same seed.
    const y2 = layer.apply(x, { training: true }) as tf.Tensor;
    expect(bits(y2)).not.toEqual(bits(y));
    const again = dropPath({ rate, seed: 11 }).apply(x, { training: true }) as tf.Tensor;
    expect(bits(again)).toEqual(bits(y));
    tf.dispose([x, y, y2, again]);
  });

  it('passes gradients through kept samples only', () => {
    const layer = dropPath({ rate: 0.5, seed: 3 });
    const x = tf.ones([64, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t, { training: true }) as tf.Tensor))(x);
    const vals = new Set(Array.from(g.dataSync()).map((v) => Math.round(v * 1e5) / 1e5));
    expect([...vals].sort()).toEqual([0, 2]);
    tf.dispose([x, g]);
  });

  it('serialises as TricksDropPath inside a model', async () => {
    const input = tfl.input({ shape: [4] });
    const out = tfl.layers
      .dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) })
      .apply(dropPath({ rate: 0.2, seed: 5, name: 'dp' }).apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    const loaded = await roundTrip(model);
    const layer = loaded.getLayer('dp');
    expect(layer).toBeInstanceOf(DropPath);
    expect(layer.getClassName()).toBe('TricksDropPath');
    expect((layer as DropPath).rate).toBe(0.2);
    expect((layer as DropPath).seed).toBe(5);
    const x = tf.ones([3, 4]);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(bits(b)).toEqual(bits(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects bad arguments', () => {
    expect(() => dropPath({ rate: 1 })).toThrow(
      "DropPath: argument 'args.rate' expected a rate in [0, 1), got 1",
    );
    expect(() => dropPath({ rate: 0.1, seed: -1 })).toThrow(TricksError);
  });
});
