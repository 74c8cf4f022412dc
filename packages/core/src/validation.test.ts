import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { assertProbability, assertSameBatch } from './assert-args';
import { assertImages, assertTargets } from './assert-images';
import { assertFiniteTensor, assertValueRange } from './assert-tensor';
import { oneHot } from './one-hot';
import { tensorFromJson, tensorToJson } from './tensor-json';
import { expectNoLeaks } from './testing/expect-no-leaks';
import { TricksError } from './tricks-error';

describe('validation', () => {
  it('accepts a valid Images batch without leaking', async () => {
    const x = tf.zeros([2, 4, 4, 3]);
    await expectNoLeaks(() => assertImages('f', 'images', x), 'assertImages');
    x.dispose();
  });

  it('names function, argument, expected and given for each kind of bad input', () => {
    const rank3 = tf.zeros([4, 4, 3]);
    expect(() => assertImages('hflip', 'images', rank3)).toThrow(
      "hflip: argument 'images' expected a tensor of rank 4, got rank 3 (shape [4, 4, 3])",
    );
    const ints = tf.zeros([1, 4, 4, 3], 'int32');
    expect(() => assertImages('hflip', 'images', ints)).toThrow(/expected dtype float32, got dtype int32/);
    const twoCh = tf.zeros([1, 4, 4, 2]);
    expect(() => assertImages('rgbToHsv', 'images', twoCh, { channels: [3] })).toThrow(
      /expected images with 3 channels/,
    );
    const big = tf.fill([1, 2, 2, 1], 1.5);
    expect(() => assertImages('invert', 'images', big)).toThrow(
      /expected values in \[0, 1\], got values in \[1.5, 1.5\]/,
    );
    const empty = tf.zeros([0, 2, 2, 1]);
    expect(() => assertImages('invert', 'images', empty)).toThrow(/a non-empty batch/);
    const nan = tf.tensor4d([Number.NaN], [1, 1, 1, 1]);
    expect(() => assertImages('invert', 'images', nan)).toThrow(/NaN/);
    // NaN among in-range values, and NaN next to an out-of-range value, still says NaN.
    const someNaN = tf.tensor4d([0.2, Number.NaN, 0.5, 0.9], [1, 2, 2, 1]);
    const nanAndBig = tf.tensor4d([2, Number.NaN], [1, 1, 2, 1]);
    expect(() => assertImages('invert', 'images', someNaN)).toThrow(/got NaN values/);
    expect(() => assertImages('invert', 'images', nanAndBig)).toThrow(/got NaN values/);
    tf.dispose([someNaN, nanAndBig]);
    expect(() => assertProbability('randomInvert', 'p', -0.1)).toThrow(
      "randomInvert: argument 'p' expected a probability in [0, 1], got -0.1",
    );
    const targets = tf.zeros([3, 10]);
    expect(() => assertTargets('mixup', 'targets', targets, 4)).toThrow(
      /expected 4 rows \(one per image\), got 3 rows/,
    );
    expect(() => assertSameBatch('crossEntropy', 'logits', 4, 'labels', 5)).toThrow(TricksError);
    const lossNaN = tf.scalar(Number.NaN);
    expect(() => assertFiniteTensor('crossEntropy', 'loss', lossNaN)).toThrow(
      /expected finite values, got NaN or Infinity/,
    );
    tf.dispose([rank3, ints, twoCh, big, empty, nan, targets, lossNaN]);
  });
});

describe('oneHot', () => {
  it('builds one-hot rows from arrays and int32 tensors without leaks', async () => {
    const t = await expectNoLeaks(() => oneHot([2, 0, 1], 3));
    expect(t.shape).toEqual([3, 3]);
    expect(Array.from(t.dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const labels = tf.tensor1d([1, 1], 'int32');
    const u = await expectNoLeaks(() => oneHot(labels, 2));
    expect(Array.from(u.dataSync())).toEqual([0, 1, 0, 1]);
    tf.dispose([t, u, labels]);
  });

  it('rejects labels out of range', () => {
    expect(() => oneHot([0, 3], 3)).toThrow(
      "oneHot: argument 'labels[1]' expected an integer class index in [0, 3), got 3",
    );
  });
});

describe('tensorToJson', () => {
  it('round-trips bits exactly', async () => {
    const x = tf.tensor([0.1, -3.5e-8, 1e30, Number.NaN], [2, 2]);
    const json = JSON.parse(JSON.stringify(tensorToJson(x)));
    const y = await expectNoLeaks(() => tensorFromJson(json));
    expect(y.shape).toEqual([2, 2]);
    const a = new Uint32Array(Float32Array.from(x.dataSync()).buffer);
    const b = new Uint32Array(Float32Array.from(y.dataSync()).buffer);
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose([x, y]);
  });
});

describe('assertValueRange', () => {
  const check = (values: number[], lo = 0, hi = 1) => {
    const x = tf.tensor1d(values);
    try {
      assertValueRange('f', 'x', x, lo, hi);
    } finally {
      x.dispose();
    }
  };

  it('accepts the band edges and the float32 tolerance, refuses one step past it', () => {
    expect(() => check([0, 1, 0.5, 1 + 5e-7, -5e-7])).not.toThrow();
    expect(() => check([0.5, 1 + 3e-6])).toThrow(
      /expected values in \[0, 1\], got values in \[0\.5, 1\.00000[23]/,
    );
    expect(() => check([-3e-6, 0.5])).toThrow(/got values in \[-0\.000003/);
    expect(() => check([-40, 2, 10], -50, 50)).not.toThrow();
    expect(() => check([-40, 51], -50, 50)).toThrow(/got values in \[-40, 51\]/);
  });

  it('sees excesses on both sides that would cancel in a signed sum, and infinities', () => {
    expect(() => check([-0.5, 1.5])).toThrow(/got values in \[-0\.5, 1\.5\]/);
    expect(() => check([0.5, Number.POSITIVE_INFINITY])).toThrow(/got values in \[0\.5, Infinity\]/);
    expect(() => check([Number.NEGATIVE_INFINITY, 0.5])).toThrow(/got values in \[-Infinity, 0\.5\]/);
    expect(() => check([Number.NEGATIVE_INFINITY, Number.NaN])).toThrow(/got NaN values/);
  });
});

describe('validation helpers do not leak', () => {
  it('assertFiniteTensor and assertValueRange free their intermediates', async () => {
    const x = tf.tensor4d([0.1, 0.2], [1, 1, 2, 1]);
    await expectNoLeaks(() => assertFiniteTensor('f', 'x', x), 'assertFiniteTensor');
    await expectNoLeaks(() => assertImages('f', 'x', x), 'assertImages');
    const bad = tf.tensor1d([-1, 0.5, 2]);
    await expectNoLeaks(() => {
      expect(() => assertValueRange('f', 'x', bad, 0, 1)).toThrow();
    }, 'assertValueRange');
    tf.dispose([x, bad]);
  });
});
