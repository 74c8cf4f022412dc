import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCaseValues, randomValues, readTensor as read, useWasm } from '../test/cpu-reference';
import { MASK_GRAD_KERNEL } from './activation-gradients';

/** x in [-8, 8] on a grid of 1/4 (so 0, 6, and the clip bounds occur exactly), with NaN, −0, 0. */
const xs = (n: number) => edgeCaseValues(31, n, 4).map((v) => v * 8);

/** dy with ±∞, NaN and −0 among ordinary values: what dy · 0 and dy · NaN must keep. */
function dys(n: number): Float32Array {
  const d = randomValues(32, n);
  if (n > 12) {
    d[5] = Number.POSITIVE_INFINITY;
    d[6] = Number.NEGATIVE_INFINITY;
    d[7] = Number.NaN;
    d[8] = -0;
  }
  return d;
}

const ACTIVATIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  relu6: (x: tf.Tensor) => tf.relu6(x),
  clip: (x: tf.Tensor) => tf.clipByValue(x, -1.5, 6),
  clipReLU6: (x: tf.Tensor) => tf.clipByValue(x, 0, 6),
} as const;

/** dx of Σ act(x)·dy, through the registered gradient, and the kernels it ran. */
async function gradient(act: (x: tf.Tensor) => tf.Tensor, shape: number[]) {
  const n = tf.util.sizeFromShape(shape);
  const x = tf.tensor(xs(n), shape);
  const dy = tf.tensor(dys(n), shape);
  let dx: tf.Tensor | undefined;
  const profile = await tf.profile(() => {
    dx = tf.grad((t: tf.Tensor) => act(t))(x, dy);
  });
  tf.dispose([x, dy]);
  return { dx: read(dx as tf.Tensor), kernels: profile.kernels.map((k) => k.name) };
}

describe('fused ReLU / ReLU6 / clipByValue gradients', () => {
  let before = '';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  it.each(Object.keys(ACTIVATIONS) as (keyof typeof ACTIVATIONS)[])(
    '%s: one kernel on wasm, bit for bit what tfjs-core composes on cpu (NaN, ±0, ±∞, bounds)',
    async (name) => {
      // 37 (scalar tail), and 2·16,384 + 5 elements across the threads' chunks.
      for (const shape of [[37], [4, 8, 8, 16], [32773]]) {
        await tf.setBackend('cpu');
        const want = await gradient(ACTIVATIONS[name], shape);
        await tf.setBackend('wasm');
        const got = await gradient(ACTIVATIONS[name], shape);
        expect(got.dx).toEqual(want.dx);
        expect(got.kernels).toContain(MASK_GRAD_KERNEL);
        expect(got.kernels.filter((k) => /Step|Select|LessEqual|GreaterEqual|ZerosLike/.test(k))).toEqual([]);
        // The cpu backend keeps tfjs-core's composition.
        expect(want.kernels).not.toContain(MASK_GRAD_KERNEL);
      }
    },
  );

  it('leaves int32 to the stock gradient, and leaks no tensor', async () => {
    const x = tf.tensor1d([-2, 0, 3], 'int32');
    const dx = tf.grad((t: tf.Tensor) => tf.relu(t))(x);
    expect(dx.dtype).toBe('float32');
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 1]);
    tf.dispose([x, dx]);
    const v = tf.tensor(xs(1000), [10, 100]);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.grad((t: tf.Tensor) => tf.clipByValue(tf.relu(t), 0, 6))(v).dispose();
    expect(tf.memory().numTensors).toBe(start);
    v.dispose();
  });
});
