import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, runOn, useWasm } from '../test/cpu-reference';
import { CASES, type Case, DILATED, dyShape, label, size } from '../test/depthwise-cases';

// Channels 1 and 128, and a batch-128 activation (threads take rows of it).
const MORE: Case[] = [
  { x: [2, 7, 7, 1], f: [3, 3, 1, 1], s: [1, 1], d: [1, 1], pad: 'same' },
  { x: [4, 6, 6, 128], f: [3, 3, 128, 1], s: [1, 1], d: [1, 1], pad: 'same' },
  { x: [128, 14, 14, 32], f: [3, 3, 32, 1], s: [2, 2], d: [1, 1], pad: 'same' },
];

describe('DepthwiseConv2dNative on wasm (C for multiplier 1, else stock) matches the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each([...CASES, ...DILATED, ...MORE])('x=$x f=$f s=$s d=$d', async (c) => {
    const call = {
      kernel: 'DepthwiseConv2dNative',
      inputs: {
        x: { shape: c.x, values: randomValues(11, size(c.x)) },
        filter: { shape: c.f, values: randomValues(12, size(c.f)) },
      },
      attrs: { strides: c.s, dilations: c.d, pad: c.pad, dataFormat: 'NHWC' },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape, label(c)).toEqual(dyShape(c));
    expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(1e-5);
  });

  it('takes dilations null, as tfjs-layers passes it', async () => {
    const call = {
      kernel: 'DepthwiseConv2dNative',
      inputs: {
        x: { shape: [2, 7, 7, 8], values: randomValues(15, 2 * 7 * 7 * 8) },
        filter: { shape: [3, 3, 8, 1], values: randomValues(16, 3 * 3 * 8) },
      },
      attrs: { strides: [2, 2], dilations: null, pad: 'same', dataFormat: 'NHWC' },
    };
    const ref = await runOn('cpu', { ...call, attrs: { ...call.attrs, dilations: [1, 1] } });
    const got = await runOn('wasm', call);
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-5);
  });

  it('leaks nothing, and refuses NCHW with a TricksError', async () => {
    const x = tf.tensor4d(randomValues(13, 2 * 6 * 6 * 8), [2, 6, 6, 8]);
    const w = tf.tensor4d(randomValues(14, 3 * 3 * 8), [3, 3, 8, 1]);
    const y = await expectNoLeaks(() => tf.depthwiseConv2d(x, w, 1, 'same'), 'depthwiseConv2d');
    expect(y.shape).toEqual([2, 6, 6, 8]);
    y.dispose();
    expect(() =>
      tf.engine().runKernel(
        'DepthwiseConv2dNative',
        { x, filter: w },
        {
          strides: [1, 1],
          pad: 'same',
          dilations: [1, 1],
          dataFormat: 'NCHW',
        },
      ),
    ).toThrow("DepthwiseConv2dNative (wasm-train): argument 'dataFormat' expected 'NHWC', got \"NCHW\"");
    tf.dispose([x, w]);
  });
});
