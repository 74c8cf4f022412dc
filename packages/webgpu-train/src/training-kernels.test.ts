// The kernels a training step of the bench models and the packages' suites run, on the active
// backend against the cpu backend: values and gradients from the same seeded inputs. On webgpu
// this is the browser-webgpu project's cheap cover of kernels whose only other tests are slow
// model suites (depthwise backprop: EfficientNet; UnsortedSegmentSum: Swin's gathers; …).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';

const u = (shape: number[], seed: number, lo = -1, hi = 1) =>
  tf.randomUniform(shape, lo, hi, 'float32', seed);
const u4 = (shape: [number, number, number, number], seed: number) => u(shape, seed) as tf.Tensor4D;

/** Each case returns the tensors to compare (values, then gradients). */
const CASES: Record<string, () => tf.Tensor[]> = {
  'conv2d, stride 2, same: value and both gradients': () => {
    const x = u4([2, 9, 9, 3], 1);
    const w = u4([3, 3, 3, 5], 2);
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    return [tf.conv2d(x, w, 2, 'same'), ...tf.grads(f)([x, w])];
  },
  'depthwiseConv2d: value and both gradients (MobileNet, EfficientNet)': () => {
    const x = u4([2, 8, 8, 4], 3);
    const w = u4([3, 3, 4, 1], 4);
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')));
    return [tf.depthwiseConv2d(x, w, 1, 'same'), ...tf.grads(f)([x, w])];
  },
  'maxPool and avgPool with gradients': () => {
    const x = u4([2, 8, 8, 3], 5);
    const f = (a: tf.Tensor) =>
      tf.add(
        tf.sum(tf.square(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))),
        tf.sum(tf.square(tf.avgPool(a as tf.Tensor4D, 3, 1, 'same'))),
      );
    return [tf.maxPool(x, 2, 2, 'valid'), tf.avgPool(x, 3, 1, 'same'), tf.grad(f)(x)];
  },
  'batchNorm, matMul, tanh, erf, squaredDifference: value and gradients': () => {
    const x = u([6, 5], 6);
    const w = u([5, 4], 7);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const m = tf.moments(a, 0);
      const n = tf.batchNorm(a, m.mean, m.variance, tf.fill([5], 0.1), tf.fill([5], 1.5), 1e-5);
      const h = tf.matMul(n as tf.Tensor2D, b as tf.Tensor2D);
      return tf.sum(tf.add(tf.tanh(h), tf.squaredDifference(tf.erf(h), 0.5)));
    };
    return [f(x, w), ...tf.grads(f)([x, w])];
  },
  'gather gradient (UnsortedSegmentSum), gatherND, argMax, linspace, expandDims': () => {
    const table = u([7, 3], 8);
    const idx = tf.tensor1d([0, 3, 3, 6, 1, 3], 'int32');
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, idx))))(table);
    const nd = tf.gatherND(table, tf.tensor2d([0, 1, 6, 2, 3, 0], [3, 2], 'int32'));
    return [g, nd, tf.cast(tf.argMax(table, 1), 'float32'), tf.linspace(-1, 2, 7), tf.expandDims(nd, 1)];
  },
};

const worst: Record<string, number> = {};

describe.runIf(tf.getBackend() !== 'wasm')('training kernels equal the cpu backend', () => {
  afterAll(() => console.log('training kernels vs cpu, max rel err', tf.getBackend(), worst));
  for (const [name, run] of Object.entries(CASES)) {
    it(name, async () => {
      const here = tf.getBackend();
      const mine = tf.tidy(run);
      const got = await Promise.all(mine.map((t) => t.data()));
      tf.dispose(mine);
      await tf.setBackend('cpu');
      try {
        const ref = tf.tidy(run);
        const want = ref.map((t) => t.dataSync());
        tf.dispose(ref);
        const err = maxRelativeError(got as Float32Array[], want as Float32Array[]);
        worst[name] = err;
        // float32 GPU shaders sum in another order: 1e-4 relative (floor 0.1) on WebGL / WebGPU.
        expect(err).toBeLessThanOrEqual(1e-4);
        expect(got.map((g) => g.length)).toEqual(want.map((w) => w.length));
      } finally {
        await tf.setBackend(here);
      }
    });
  }
});
