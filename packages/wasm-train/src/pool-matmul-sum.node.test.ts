import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, runOn, useWasm } from '../test/cpu-reference';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Small integers, so pooling windows contain ties and the tie rule is tested too. */
function withTies(seed: number, n: number): Float32Array {
  return randomValues(seed, n).map((v) => Math.round(v * 3));
}

describe('MaxPoolGrad, BatchMatMul and Sum on wasm match the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each([
    { x: [2, 8, 8, 3], k: 2, s: 2, pad: 'valid' },
    { x: [2, 7, 9, 4], k: 2, s: 2, pad: 'same' },
    { x: [2, 9, 9, 2], k: 3, s: 2, pad: 'same' },
    { x: [1, 8, 7, 3], k: 3, s: 1, pad: 'valid' },
    { x: [2, 10, 10, 5], k: 3, s: 3, pad: 'valid' },
    { x: [3, 6, 6, 1], k: 2, s: 1, pad: 'same' },
    // SIMD channel groups and their leftovers, batch 128, overlapping windows.
    { x: [128, 6, 6, 16], k: 2, s: 2, pad: 'valid' },
    { x: [2, 7, 7, 33], k: 3, s: 2, pad: 'same' },
  ] as const)('MaxPoolGrad x=$x k=$k s=$s $pad', async (c) => {
    const x = [...c.x];
    const info = tf.backend_util.computePool2DInfo(
      c.x as unknown as [number, number, number, number],
      c.k,
      c.s,
      1,
      c.pad,
    );
    const xv = withTies(1, size(x));
    // The cpu and wasm kernels find the max from `input`; `output` is not read.
    const call = {
      kernel: 'MaxPoolGrad',
      inputs: {
        dy: { shape: info.outShape, values: randomValues(2, size(info.outShape)) },
        input: { shape: x, values: xv },
        output: { shape: info.outShape, values: new Float32Array(size(info.outShape)) },
      },
      attrs: { filterSize: c.k, strides: c.s, pad: c.pad },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape).toEqual(x);
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-6);
  });

  it.each([
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [2, 6, 4], b: [2, 6, 3], ta: true, tb: false },
    { a: [2, 4, 6], b: [1, 3, 6], ta: false, tb: true },
    { a: [64, 200], b: [64, 32], ta: true, tb: false },
  ])('BatchMatMul a=$a b=$b ta=$ta tb=$tb', async (c) => {
    const call = {
      kernel: 'BatchMatMul',
      inputs: {
        a: { shape: c.a, values: randomValues(3, size(c.a)) },
        b: { shape: c.b, values: randomValues(4, size(c.b)) },
      },
      attrs: { transposeA: c.ta, transposeB: c.tb },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape).toEqual(ref.shape);
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-5);
  });

  it.each([
    { x: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: false },
    { x: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: true },
    { x: [4, 5, 6, 3], axis: [0], keepDims: false },
    { x: [4, 5, 6, 3], axis: [1, 0], keepDims: false },
    { x: [4, 5, 6, 3], axis: [3], keepDims: false },
    { x: [4, 5, 6, 3], axis: [1, 2], keepDims: true },
    { x: [4, 5], axis: [0, 1], keepDims: false },
    // Many 64-row blocks, column counts off the SIMD width.
    { x: [128, 14, 14, 33], axis: [0, 1, 2], keepDims: false },
    { x: [200, 16], axis: [0], keepDims: true },
    // Middle runs (global pooling, squeeze-excite) and a trailing run.
    { x: [8, 7, 9, 33], axis: [1, 2], keepDims: false },
    { x: [8, 7, 9, 33], axis: [2, 1], keepDims: true },
    { x: [3, 130, 5], axis: [1], keepDims: false },
    { x: [4, 5, 6, 3], axis: [2, 3], keepDims: false },
  ])('Sum x=$x axis=$axis keepDims=$keepDims', async (c) => {
    const call = {
      kernel: 'Sum',
      inputs: { x: { shape: c.x, values: randomValues(5, size(c.x)) } },
      attrs: { axis: c.axis, keepDims: c.keepDims },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape).toEqual(ref.shape);
    // Reductions that reach the stock kernel sum in float32 (the cpu backend in float64).
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-5);
  });

  it('MaxPoolGrad passes nothing from windows of −∞ or NaN only, as the cpu backend', async () => {
    // Channels 0–3 (a SIMD group) and 4 (the scalar leftover); window 0 holds only −∞/NaN.
    const x = new Float32Array(2 * 2 * 5).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < 5; i++) x[i] = Number.NaN;
    x.set([1, 2, 3, 4, 5], 10);
    const call = {
      kernel: 'MaxPoolGrad',
      inputs: {
        dy: { shape: [1, 1, 2, 5], values: Float32Array.from({ length: 10 }, (_, i) => i + 1) },
        input: { shape: [1, 2, 2, 5], values: x },
        output: { shape: [1, 1, 2, 5], values: new Float32Array(10) },
      },
      attrs: { filterSize: [2, 1], strides: [1, 1], pad: 'valid' },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(Array.from(got.values)).toEqual(Array.from(ref.values));
    expect(Array.from(got.values.slice(0, 10)).every((v) => v === 0)).toBe(true);
  });

  it.each([
    { x: [8, 7, 9, 33], axis: [1, 2], keepDims: false },
    { x: [128, 4, 4, 16], axis: [1, 2], keepDims: true },
    { x: [6, 70], axis: [0], keepDims: false },
    { x: [4, 5, 6, 3], axis: [0, 2], keepDims: false },
  ])('Mean x=$x axis=$axis keepDims=$keepDims', async (c) => {
    const call = {
      kernel: 'Mean',
      inputs: { x: { shape: c.x, values: randomValues(6, size(c.x)) } },
      attrs: { axis: c.axis, keepDims: c.keepDims },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape).toEqual(ref.shape);
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-5);
  });

  it('int32 sums keep their dtype', () => {
    const out = tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0);
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([4, 6]);
    out.dispose();
  });

  it('Identity shares memory safely: the copy outlives its source', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    const z = tf.add(y, 1);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([y, z]);
  });

  it('dense + maxPool gradients run without leaking', async () => {
    const x = tf.tensor4d(randomValues(6, 2 * 8 * 8 * 3), [2, 8, 8, 3]);
    const w = tf.tensor2d(randomValues(7, 48 * 5), [48, 5]);
    const grads = await expectNoLeaks(
      () =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.matMul(tf.reshape(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), [2, 48]), b as tf.Tensor2D),
          ),
        )([x, w]),
      'maxPool + matMul grads',
    );
    expect(grads[0]?.shape).toEqual([2, 8, 8, 3]);
    expect(grads[1]?.shape).toEqual([48, 5]);
    tf.dispose([x, w, ...grads]);
  });
});
