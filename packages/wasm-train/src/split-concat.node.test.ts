import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onBoth, randomValues, readTensor, useWasm } from '../test/cpu-reference';

const read = (ts: tf.Tensor | tf.Tensor[]) => (Array.isArray(ts) ? ts : [ts]).map(readTensor);

describe('SplitV and Concat on wasm (C row copies) match the cpu backend', () => {
  let before = 'cpu';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  it.each([0, 1, 2, 3])(
    'split into equal and uneven pieces along axis %i, float32 and int32',
    async (axis) => {
      const [got, ref] = await onBoth(() => {
        const x = tf.tensor4d(randomValues(1, 4 * 6 * 5 * 12), [4, 6, 5, 12]);
        const xi = tf.cast(tf.mul(x, 100), 'int32');
        const dim = x.shape[axis] as number;
        const uneven = [1, dim - 2, -1];
        const r = [
          ...read(tf.split(x, dim % 2 === 0 ? 2 : 1, axis)),
          ...read(tf.split(x, uneven, axis)),
          ...read(tf.split(xi, uneven, axis)),
        ];
        tf.dispose([x, xi]);
        return r;
      });
      expect(got).toEqual(ref);
    },
  );

  it.each([0, 1, 2, 3])('concat of 2, 3 and 8 pieces along axis %i', async (axis) => {
    const [got, ref] = await onBoth(() => {
      const pieces = (n: number, w: number) =>
        Array.from({ length: n }, (_, i) => {
          const shape = [3, 4, 5, 6];
          shape[axis] = w + (i % 2);
          return tf.tensor(
            randomValues(
              10 + i,
              shape.reduce((a, b) => a * b, 1),
            ),
            shape,
          );
        });
      const two = pieces(2, 1);
      const three = pieces(3, 2);
      const eight = pieces(8, 4);
      const r = [
        ...read(tf.concat(two, axis)),
        ...read(tf.concat(three, axis)),
        ...read(tf.concat(eight, axis)),
      ];
      tf.dispose([...two, ...three, ...eight]);
      return r;
    });
    expect(got).toEqual(ref);
  });

  it('grouped-convolution gradients (split → convs → concat) equal cpu, nothing leaked', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.tensor4d(randomValues(20, 2 * 6 * 6 * 16), [2, 6, 6, 16]);
      const w = tf.tensor4d(randomValues(21, 3 * 3 * 4 * 16), [3, 3, 4, 16]);
      const start = tf.memory().numTensors;
      const f = (a: tf.Tensor, b: tf.Tensor) => {
        const xs = tf.split(a, 4, 3) as tf.Tensor4D[];
        const ws = tf.split(b, 4, 3) as tf.Tensor4D[];
        return tf.sum(
          tf.square(
            tf.concat(
              xs.map((xi, i) => tf.conv2d(xi, ws[i]!, 1, 'same')),
              3,
            ),
          ),
        );
      };
      const grads = tf.grads(f)([x, w]);
      const r = read(grads);
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose([x, w]);
      return r;
    });
    got.forEach((g, i) => {
      const want = ref[i]!.values;
      const scale = Math.max(...want.map(Math.abs));
      g.values.forEach((v, j) => expect(Math.abs(v - (want[j] as number)) / scale).toBeLessThan(1e-4));
    });
  });

  it('bool tensors and empty pieces go to the stock kernels', async () => {
    const [got, ref] = await onBoth(() => {
      const b = tf.greater(tf.tensor2d(randomValues(30, 12), [3, 4]), 0);
      const e = tf.zeros([3, 0]);
      const f = tf.tensor2d(randomValues(31, 6), [3, 2]);
      const r = [...read(tf.split(b, 2, 1)), ...read(tf.concat([e, f], 1))];
      tf.dispose([b, e, f]);
      return r;
    });
    expect(got).toEqual(ref);
  });
});
