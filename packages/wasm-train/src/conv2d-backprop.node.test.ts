import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, runOn, useWasm } from '../test/cpu-reference';
import { useWinograd } from './conv3x3-winograd';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: [number, number];
  pad: Pad;
}

const explicit = (t: number, b: number, l: number, r: number): Pad => [
  [0, 0],
  [t, b],
  [l, r],
  [0, 0],
];

// Shapes, strides and paddings: square and not, odd/even sizes, 1×1 to 5×5 filters,
// strides 1–3, paddings same / valid / explicit (including pads larger than the filter).
const CASES: Case[] = [
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'valid' },
  { x: [3, 9, 7, 2], f: [3, 3, 2, 5], s: [2, 2], pad: 'same' },
  { x: [3, 9, 7, 2], f: [3, 3, 2, 5], s: [2, 2], pad: 'valid' },
  { x: [2, 10, 11, 4], f: [5, 3, 4, 3], s: [2, 1], pad: 'same' },
  { x: [2, 10, 11, 4], f: [5, 3, 4, 3], s: [3, 3], pad: 'valid' },
  { x: [1, 6, 6, 8], f: [1, 1, 8, 6], s: [1, 1], pad: 'valid' },
  { x: [2, 7, 7, 8], f: [1, 1, 8, 6], s: [2, 2], pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], s: [1, 1], pad: explicit(1, 2, 0, 1) },
  { x: [2, 9, 8, 3], f: [3, 2, 3, 4], s: [2, 2], pad: explicit(2, 0, 1, 3) },
  { x: [1, 5, 5, 2], f: [1, 1, 2, 3], s: [1, 1], pad: explicit(1, 1, 2, 2) },
  { x: [4, 28, 28, 1], f: [3, 3, 1, 8], s: [1, 1], pad: 'same' },
  { x: [2, 14, 14, 16], f: [3, 3, 16, 8], s: [1, 1], pad: 'same' },
  // The grid of the C kernels: batch 1 and 128, channels 1/3/16/33/128 on both sides (register
  // tiles of 4×8 and their leftovers), rows longer than a chunk, several row groups.
  { x: [128, 4, 4, 16], f: [3, 3, 16, 33], s: [1, 1], pad: 'same' },
  { x: [128, 6, 6, 3], f: [3, 3, 3, 16], s: [2, 2], pad: 'valid' },
  { x: [1, 9, 9, 33], f: [3, 3, 33, 16], s: [2, 2], pad: 'same' },
  { x: [2, 5, 5, 128], f: [1, 1, 128, 128], s: [1, 1], pad: 'valid' },
  { x: [1, 5, 41, 8], f: [3, 3, 8, 12], s: [1, 1], pad: 'same' },
  { x: [3, 11, 11, 1], f: [5, 5, 1, 1], s: [2, 2], pad: 'same' },
  // Winograd F(2×2, 3×3) for dx (3×3, stride 1, channels ≥ 8 and multiples of 4): odd sizes,
  // valid (dy padded by 2) and explicit pads, batch 128.
  { x: [2, 7, 7, 16], f: [3, 3, 16, 32], s: [1, 1], pad: 'same' },
  { x: [1, 9, 8, 16], f: [3, 3, 16, 12], s: [1, 1], pad: 'valid' },
  { x: [2, 8, 9, 8], f: [3, 3, 8, 8], s: [1, 1], pad: explicit(2, 0, 1, 2) },
  { x: [128, 3, 5, 8], f: [3, 3, 8, 16], s: [1, 1], pad: 'same' },
  { x: [1, 14, 14, 128], f: [3, 3, 128, 64], s: [1, 1], pad: 'same' },
];

const label = (c: Case) => `x=${c.x} f=${c.f} s=${c.s} pad=${JSON.stringify(c.pad)}`;

function dyShape(c: Case): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.f, c.s, 1, c.pad);
  return info.outShape;
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('Conv2D backprop kernels on wasm match the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  // Direct dW and the Winograd filter gradient (the default; useWinograd's filterGradient).
  it.each(CASES.flatMap((c) => [false, true].map((winogradDw) => ({ ...c, winogradDw }))))(
    'Conv2DBackpropFilter $x $f $s (Winograd dW: $winogradDw)',
    async (c) => {
      const dy = dyShape(c);
      const call = {
        kernel: 'Conv2DBackpropFilter',
        inputs: {
          x: { shape: c.x, values: randomValues(1, size(c.x)) },
          dy: { shape: dy, values: randomValues(2, size(dy)) },
        },
        attrs: { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f },
      };
      const ref = await runOn('cpu', call);
      useWinograd(true, { filterGradient: c.winogradDw });
      const got = await runOn('wasm', call).finally(() => useWinograd(true));
      expect(got.shape, label(c)).toEqual(c.f);
      expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(1e-4);
    },
  );

  it.each(CASES)('Conv2DBackpropInput $x $f $s', async (c) => {
    const dy = dyShape(c);
    const call = {
      kernel: 'Conv2DBackpropInput',
      inputs: {
        dy: { shape: dy, values: randomValues(3, size(dy)) },
        filter: { shape: c.f, values: randomValues(4, size(c.f)) },
      },
      attrs: { strides: c.s, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape, label(c)).toEqual(c.x);
    expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(1e-4);
  });

  it('conv2d gradients run through the engine without leaking', async () => {
    const x = tf.tensor4d(randomValues(5, 2 * 9 * 9 * 3), [2, 9, 9, 3]);
    const w = tf.tensor4d(randomValues(6, 3 * 3 * 3 * 4), [3, 3, 3, 4]);
    const grads = await expectNoLeaks(
      () =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
        )([x, w]),
      'conv2d grads',
    );
    expect(grads[0]?.shape).toEqual([2, 9, 9, 3]);
    expect(grads[1]?.shape).toEqual([3, 3, 3, 4]);
    tf.dispose([x, w, ...grads]);
  });

  it('refuses NCHW with a TricksError naming the kernel and argument', async () => {
    const x = tf.zeros([1, 3, 4, 4]);
    const dy = tf.zeros([1, 2, 4, 4]);
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 2] },
        ),
    ).toThrow(/Conv2DBackpropFilter \(wasm-train\): argument 'dataFormat' expected 'NHWC'/);
    tf.dispose([x, dy]);
  });
});
