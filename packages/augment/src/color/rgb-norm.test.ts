import golden from '@golden/augment/color.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { rgbNorm } from './rgb-norm';

describe('rgbNorm', () => {
  it("matches the article's (c − mean(c)) / std(c) per image and channel", async () => {
    const x = tf.tensor4d(golden.rgb.data, [4, 12, 12, 3]);
    const y = await expectNoLeaks(() => rgbNorm(x), 'rgbNorm');
    const d = y.dataSync();
    let err = 0;
    for (let i = 0; i < d.length; i++) err = Math.max(err, Math.abs(d[i]! - golden.rgbNorm.data[i]!));
    expect(err).toBeLessThanOrEqual(1e-4);
    const { mean, variance } = tf.moments(y, [1, 2]);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThanOrEqual(1e-5);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 4);
    tf.dispose([x, y, mean, variance]);
  });

  it('maps a flat channel to ~0 instead of NaN, and rejects bad eps', () => {
    const flat = tf.fill([1, 3, 3, 1], 0.7) as tf.Tensor4D;
    const y = rgbNorm(flat);
    for (const v of y.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(1e-3);
    expect(() => rgbNorm(flat, { eps: 0 })).toThrow(TricksError);
    expect(() => rgbNorm(flat, { eps: 0 })).toThrow(
      /rgbNorm: argument 'options.eps' expected a finite number > 0, got 0/,
    );
    tf.dispose([flat, y]);
  });
});
