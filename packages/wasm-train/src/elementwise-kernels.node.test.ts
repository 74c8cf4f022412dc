import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCaseValues, onBoth, readTensor as read, useWasm } from '../test/cpu-reference';

/** Values with ties (halves in [-1.5, 1.5]: the scalar 0.5 among them), NaN and ±0, for every comparison. */
const values = (seed: number, n: number) => edgeCaseValues(seed, n, 3).map((x) => x * 1.5);

describe('comparisons, logical ops, Select and bool casts on wasm (C) match the cpu backend', () => {
  let before = 'cpu';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  const ops = {
    greaterEqual: tf.greaterEqual,
    lessEqual: tf.lessEqual,
    greater: tf.greater,
    less: tf.less,
    equal: tf.equal,
    notEqual: tf.notEqual,
  };
  // Sizes around the 16-wide SIMD step, a batch-sized activation, and the scalar cases.
  it.each(Object.keys(ops).flatMap((op) => [1, 15, 37, 4096 + 3].map((n) => ({ op, n }))))(
    '$op, n=$n: same shape, scalar right, scalar left',
    async ({ op, n }) => {
      const f = ops[op as keyof typeof ops];
      const [got, ref] = await onBoth(() => {
        const a = tf.tensor1d(values(1, n));
        const b = tf.tensor1d(values(2, n));
        const s = tf.scalar(0.5);
        const r = [read(f(a, b)), read(f(a, s)), read(f(s, a))];
        tf.dispose([a, b, s]);
        return r;
      });
      expect(got).toEqual(ref);
      expect(got[0]!.dtype).toBe('bool');
    },
  );

  it('logicalAnd / logicalOr / where / bool → float32 cast, and a broadcast the C kernel leaves to stock', async () => {
    const [got, ref] = await onBoth(() => {
      const a = tf.greater(tf.tensor1d(values(3, 53)), 0);
      const b = tf.less(tf.tensor1d(values(4, 53)), 0.5);
      const t = tf.tensor1d(values(5, 53));
      const e = tf.tensor1d(values(6, 53));
      const m = tf.tensor2d(values(7, 12), [3, 4]);
      const r = [
        read(tf.logicalAnd(a, b)),
        read(tf.logicalOr(a, b)),
        read(tf.logicalAnd(a, tf.scalar(true, 'bool'))),
        read(tf.where(a, t, e)),
        read(tf.cast(a, 'float32')),
        read(tf.greaterEqual(m, tf.tensor1d([0, 0.5, -0.5, 1]))),
      ];
      tf.dispose([a, b, t, e, m]);
      return r;
    });
    expect(got).toEqual(ref);
  });

  it('clipByValue and ReLU6 gradients equal the cpu backend’s, with nothing leaked', async () => {
    const [got, ref] = await onBoth(() => {
      // No NaN here: stock wasm clipByValue (XNNPACK's clamp) maps NaN to the lower bound.
      const xs = values(8, 2 * 5 * 5 * 8).map((v) => (Number.isNaN(v) ? 0.25 : v * 5));
      const x = tf.tensor4d(xs, [2, 5, 5, 8]);
      const start = tf.memory().numTensors;
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.clipByValue(v, -1, 2), v)))(x);
      const h = tf.grad((v: tf.Tensor) => tf.sum(tf.relu6(v)))(x);
      const r = [read(g), read(h)];
      expect(tf.memory().numTensors).toBe(start);
      x.dispose();
      return r;
    });
    expect(got).toEqual(ref);
  });

  it('a Cast to the same dtype shares memory: values kept after the source is disposed, no bytes leaked', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.tensor2d(values(9, 12), [3, 4]);
      const i = tf.tensor1d([3, -1, 7], 'int32');
      const bytes = tf.memory().numBytes;
      const cx = tf.cast(x, 'float32');
      const ci = tf.cast(i, 'int32');
      tf.dispose([x, i]);
      const r = [read(cx), read(ci)];
      expect([cx.dtype, ci.dtype]).toEqual(['float32', 'int32']);
      tf.dispose([cx, ci]);
      // The shared buffers are freed with their last reference.
      expect(tf.memory().numBytes).toBe(bytes - 12 * 4 - 3 * 4);
      return r;
    });
    expect(got).toEqual(ref);
  });
});
