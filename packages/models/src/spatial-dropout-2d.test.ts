import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { bits, roundTrip } from '../test/model-checks';
import { SpatialDropout2D, spatialDropout2d } from './spatial-dropout-2d';

describe('SpatialDropout2D', () => {
  it('is the identity at inference', async () => {
    const layer = spatialDropout2d({ rate: 0.4 });
    const x = tf.randomUniform([2, 3, 3, 4], 0, 1, 'float32', 1);
    const y = await expectNoLeaks(() => layer.apply(x) as tf.Tensor);
    expect(bits(y)).toEqual(bits(x));
    x.dispose();
  });

  it('drops whole channels with probability rate (binomial 4σ)', async () => {
    const rate = 0.25;
    const [n, h, w, c] = [50, 3, 3, 40];
    const layer = spatialDropout2d({ rate, seed: 4 });
    const x = tf.ones([n, h, w, c]);
    const y = await expectNoLeaks(() => layer.apply(x, { training: true }) as tf.Tensor);
    const v = y.dataSync();
    let kept = 0;
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const vals = new Set<number>();
        for (let p = 0; p < h * w; p++) vals.add(v[(i * h * w + p) * c + ch]!);
        expect(vals.size).toBe(1);
        if ([...vals][0]! > 0) kept++;
      }
    }
    const m = n * c;
    expect(Math.abs(kept - m * (1 - rate))).toBeLessThan(4 * Math.sqrt(m * rate * (1 - rate)));
    tf.dispose([x, y]);
  });

  it('serialises as TricksSpatialDropout2D', async () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const out = tfl.layers
      .flatten()
      .apply(spatialDropout2d({ rate: 0.1, name: 'sd' }).apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    const loaded = await roundTrip(model);
    expect(loaded.getLayer('sd')).toBeInstanceOf(SpatialDropout2D);
    expect((loaded.getLayer('sd') as SpatialDropout2D).rate).toBe(0.1);
    model.dispose();
    loaded.dispose();
  });

  it('rejects non-NHWC inputs and bad rates', () => {
    expect(() => spatialDropout2d({ rate: -0.1 })).toThrow(TricksError);
    const x = tf.ones([2, 3]);
    expect(() => spatialDropout2d({ rate: 0.1 }).apply(x, { training: true })).toThrow(
      /expected a rank-4 NHWC tensor/,
    );
    x.dispose();
  });
});
