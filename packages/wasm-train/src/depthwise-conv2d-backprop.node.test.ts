import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, runOn, useWasm } from '../test/cpu-reference';
import { CASES, DILATED, dyShape, label, size } from '../test/depthwise-cases';

describe('depthwise conv backprop kernels on wasm match the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each(CASES)('DepthwiseConv2dNativeBackpropFilter $x $f $s $d', async (c) => {
    const dy = dyShape(c);
    const call = {
      kernel: 'DepthwiseConv2dNativeBackpropFilter',
      inputs: {
        x: { shape: c.x, values: randomValues(1, size(c.x)) },
        dy: { shape: dy, values: randomValues(2, size(dy)) },
      },
      attrs: { strides: c.s, dilations: c.d, pad: c.pad, filterShape: c.f },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape, label(c)).toEqual(c.f);
    expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(1e-4);
  });

  it.each(CASES)('DepthwiseConv2dNativeBackpropInput $x $f $s $d', async (c) => {
    const dy = dyShape(c);
    const call = {
      kernel: 'DepthwiseConv2dNativeBackpropInput',
      inputs: {
        dy: { shape: dy, values: randomValues(3, size(dy)) },
        filter: { shape: c.f, values: randomValues(4, size(c.f)) },
      },
      attrs: { strides: c.s, dilations: c.d, pad: c.pad, inputShape: c.x },
    };
    const ref = await runOn('cpu', call);
    const got = await runOn('wasm', call);
    expect(got.shape, label(c)).toEqual(c.x);
    expect(maxRelativeError(got.values, ref.values, PARITY), label(c)).toBeLessThan(1e-4);
  });

  // <dy, conv(x, W)> = <dx(dy, W), x> = <dW(x, dy), W> for the linear map conv.
  it.each(DILATED)('dilated backprop kernels are the adjoints of the forward conv $x $f $d', async (c) => {
    const dyS = dyShape(c);
    const x = tf.tensor4d(randomValues(7, size(c.x)), c.x);
    const w = tf.tensor4d(randomValues(8, size(c.f)), c.f);
    const dy = tf.tensor4d(randomValues(9, size(dyS)), dyS);
    const attrs = { strides: c.s, dilations: c.d, pad: c.pad };
    const y = tf.depthwiseConv2d(x, w, c.s, c.pad as 'same', 'NHWC', c.d);
    const dx = tf
      .engine()
      .runKernel(
        'DepthwiseConv2dNativeBackpropInput',
        { dy, filter: w },
        { ...attrs, inputShape: c.x },
      ) as tf.Tensor;
    const dw = tf
      .engine()
      .runKernel(
        'DepthwiseConv2dNativeBackpropFilter',
        { x, dy },
        { ...attrs, filterShape: c.f },
      ) as tf.Tensor;
    const dot = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b)).dataSync()[0] as number;
    const scale = tf.sum(tf.abs(tf.mul(dy, y))).dataSync()[0] as number;
    const forward = dot(dy, y);
    expect(Math.abs(dot(dx, x) - forward) / scale, label(c)).toBeLessThan(1e-5);
    expect(Math.abs(dot(dw, w) - forward) / scale, label(c)).toBeLessThan(1e-5);
    tf.dispose([x, w, dy, y, dx, dw]);
  });

  it('depthwiseConv2d gradients run through the engine without leaking', async () => {
    const x = tf.tensor4d(randomValues(5, 2 * 9 * 9 * 3), [2, 9, 9, 3]);
    const w = tf.tensor4d(randomValues(6, 3 * 3 * 3 * 2), [3, 3, 3, 2]);
    const grads = await expectNoLeaks(
      () =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
        )([x, w]),
      'depthwiseConv2d grads',
    );
    expect(grads[0]?.shape).toEqual([2, 9, 9, 3]);
    expect(grads[1]?.shape).toEqual([3, 3, 3, 2]);
    tf.dispose([x, w, ...grads]);
  });
});
