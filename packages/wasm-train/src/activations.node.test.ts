import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCaseValues, onBoth, readTensor as read, useWasm } from '../test/cpu-reference';

/** x in [-8, 8] on a grid of 1/4 (0, 6 and the clip bounds occur exactly), with NaN, −0 and 0. */
const xs = (n: number) => edgeCaseValues(41, n, 4).map((v) => v * 8);

const ACTIVATIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  relu6: (x: tf.Tensor) => tf.relu6(x),
  clip: (x: tf.Tensor) => tf.clipByValue(x, -1.5, 6),
  clipNegative: (x: tf.Tensor) => tf.clipByValue(x, -7, -0.25),
} as const;

describe('ReLU / ReLU6 / clipByValue on the C pool', () => {
  let before = '';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  it.each(Object.keys(ACTIVATIONS) as (keyof typeof ACTIVATIONS)[])(
    '%s equals the cpu backend bit for bit (NaN, −0, bounds; tails and thread chunks)',
    async (name) => {
      for (const shape of [[37], [4, 8, 8, 16], [32773]]) {
        const [got, want] = await onBoth(() => {
          const x = tf.tensor(xs(tf.util.sizeFromShape(shape)), shape);
          const y = read(ACTIVATIONS[name](x));
          x.dispose();
          return y;
        });
        expect(got).toEqual(want);
        // −0 → +0 for ReLU as on cpu (Math.max(0, −0)): toEqual would not tell them apart.
        expect(got.values.map((v) => Object.is(v, -0))).toEqual(want.values.map((v) => Object.is(v, -0)));
      }
    },
  );

  it('keeps int32 on the stock kernel', async () => {
    const [got, want] = await onBoth(() => read(tf.relu(tf.tensor1d([-3, 0, 5], 'int32'))));
    expect(got).toEqual(want);
    expect(got.dtype).toBe('int32');
  });
});
