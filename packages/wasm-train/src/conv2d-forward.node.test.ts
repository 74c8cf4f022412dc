import * as tf from '@tensorflow/tfjs-core';
import { maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, runOn, useWasm } from '../test/cpu-reference';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: [number, number];
  d?: [number, number];
  pad: Pad;
}

// Batch 1 and 128, channels 1/3/16/33/128 on both sides (8- and 4-wide tiles and scalar
// leftovers), strides 1–3, dilation, same / valid / explicit pads, rows shorter and longer than a tile.
const CASES: Case[] = [
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'same' },
  { x: [3, 9, 7, 2], f: [3, 3, 2, 5], s: [2, 2], pad: 'same' },
  { x: [2, 10, 11, 4], f: [5, 3, 4, 3], s: [3, 3], pad: 'valid' },
  { x: [1, 6, 6, 8], f: [1, 1, 8, 6], s: [1, 1], pad: 'valid' },
  {
    x: [2, 9, 8, 3],
    f: [3, 2, 3, 4],
    s: [2, 2],
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  },
  { x: [4, 28, 28, 1], f: [3, 3, 1, 16], s: [1, 1], pad: 'same' },
  { x: [128, 6, 6, 16], f: [3, 3, 16, 33], s: [1, 1], pad: 'same' },
  { x: [1, 9, 9, 33], f: [3, 3, 33, 16], s: [2, 2], pad: 'same' },
  { x: [2, 5, 5, 128], f: [1, 1, 128, 128], s: [1, 1], pad: 'valid' },
  { x: [1, 5, 41, 8], f: [3, 3, 8, 12], s: [1, 1], pad: 'same' },
  { x: [2, 10, 10, 3], f: [3, 3, 3, 8], s: [1, 1], d: [2, 2], pad: 'same' },
  { x: [1, 3, 3, 4], f: [5, 5, 4, 8], s: [1, 1], pad: 'same' },
  // Winograd F(2×2, 3×3) (3×3, stride 1, channels ≥ 8 and multiples of 4): even and odd sizes
  // (partial tiles), same / valid / explicit pads, batch 128, 4- and 8-wide channel leftovers.
  { x: [2, 7, 7, 16], f: [3, 3, 16, 32], s: [1, 1], pad: 'same' },
  { x: [1, 9, 8, 16], f: [3, 3, 16, 16], s: [1, 1], pad: 'valid' },
  {
    x: [2, 6, 9, 8],
    f: [3, 3, 8, 20],
    s: [1, 1],
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [128, 7, 7, 32], f: [3, 3, 32, 64], s: [1, 1], pad: 'same' },
  { x: [1, 14, 14, 128], f: [3, 3, 128, 128], s: [1, 1], pad: 'same' },
  { x: [3, 1, 2, 8], f: [3, 3, 8, 8], s: [1, 1], pad: 'same' },
];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
// Winograd's transforms round a little more than a direct sum: its cases get the 1e-4
// bound, the direct kernel keeps 1e-5.
const winograd = (c: Case) =>
  c.f[0] === 3 &&
  c.f[1] === 3 &&
  c.s.every((s) => s === 1) &&
  (c.d ?? [1, 1]).every((d) => d === 1) &&
  [c.f[2], c.f[3]].every((m) => m >= 8 && m % 4 === 0);
const tolerance = (c: Case) => (winograd(c) ? 1e-4 : 1e-5);
const label = (c: Case) => `x=${c.x} f=${c.f} s=${c.s} pad=${JSON.stringify(c.pad)}`;

describe('Conv2D / FusedConv2D forward on wasm (C kernel) match the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each(CASES)('Conv2D $x $f $s', async (c) => {
    const call = {
      kernel: 'Conv2D',
      inputs: {
        x: { shape: c.x, values: randomValues(1, size(c.x)) },
        filter: { shape: c.f, values: randomValues(2, size(c.f)) },
      },
      attrs: { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: c.d ?? [1, 1] },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape, label(c)).toEqual(ref.shape);
    expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(tolerance(c));
  });

  it.each(
    CASES.flatMap((c) => (['linear', 'relu', 'relu6'] as const).map((activation) => ({ ...c, activation }))),
  )('FusedConv2D $x $f $activation', async (c) => {
    const co = c.f[3];
    const call = {
      kernel: 'FusedConv2D',
      inputs: {
        x: { shape: c.x, values: randomValues(3, size(c.x)).map((v) => 4 * v) },
        filter: { shape: c.f, values: randomValues(4, size(c.f)) },
        bias: { shape: [co], values: randomValues(5, co) },
      },
      attrs: {
        strides: c.s,
        pad: c.pad,
        dataFormat: 'NHWC',
        dilations: c.d ?? [1, 1],
        activation: c.activation,
      },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(tolerance(c));
  });

  it('falls back to the stock kernel for activations it does not fuse (elu)', async () => {
    const call = {
      kernel: 'FusedConv2D',
      inputs: {
        x: { shape: [1, 5, 5, 4], values: randomValues(6, 100) },
        filter: { shape: [3, 3, 4, 8], values: randomValues(7, 288) },
        bias: { shape: [8], values: randomValues(8, 8) },
      },
      attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], activation: 'elu' },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-5);
  });

  it('tf.conv2d and tf.fused.conv2d leak nothing', () => {
    const x = tf.tensor4d(randomValues(9, 2 * 7 * 7 * 3), [2, 7, 7, 3]);
    const w = tf.tensor4d(randomValues(10, 3 * 3 * 3 * 8), [3, 3, 3, 8]);
    const b = tf.tensor1d(randomValues(11, 8));
    const before = tf.memory().numTensors;
    tf.dispose([
      tf.conv2d(x, w, 1, 'same'),
      tf.fused.conv2d({ x, filter: w, strides: 2, pad: 'same', bias: b, activation: 'relu' }),
    ]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });
});
