import golden from '@golden/augment/color.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { colorSkew } from './color-skew';

const tensor = (f: { shape: number[]; data: number[] }): tf.Tensor4D =>
  tf.tensor4d(f.data, f.shape as [number, number, number, number]);

function maxAbsDiff(a: tf.Tensor, b: ArrayLike<number>): number {
  const x = a.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - b[i]!));
  return m;
}

describe('colorSkew', () => {
  it('matches cvtColor → H·fh mod 360, clip(S·fs), clip(V·fv) → cvtColor back (per-sample factors)', async () => {
    const x = tensor(golden.rgb);
    const { hue, saturation, value, output } = golden.colorSkew;
    const y = await expectNoLeaks(() => colorSkew(x, { hue, saturation, value }), 'colorSkew');
    expect(y.shape).toEqual(x.shape);
    expect(maxAbsDiff(y, output.data)).toBeLessThanOrEqual(1e-3);
    // Per-sample arrays equal a single value for the whole batch, image by image (same
    // shapes, so WebGL reuses its compiled shaders).
    for (let i = 0; i < 4; i++) {
      const yi = colorSkew(x, { hue: hue[i], saturation: saturation[i], value: value[i] });
      const ai = tf.slice(yi, [i, 0, 0, 0], [1, 12, 12, 3]);
      const bi = tf.slice(y, [i, 0, 0, 0], [1, 12, 12, 3]);
      expect(maxAbsDiff(ai, bi.dataSync())).toBeLessThanOrEqual(1e-6);
      tf.dispose([yi, ai, bi]);
    }
    const same = colorSkew(x);
    expect(maxAbsDiff(same, x.dataSync())).toBeLessThanOrEqual(1e-6);
    const big = colorSkew(x, { hue: 1.4, saturation: 1.4, value: 1.4 });
    expect(tf.min(big).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(big).dataSync()[0]).toBeLessThanOrEqual(1 + 1e-6);
    tf.dispose([x, y, same, big]);
  });

  it('keeps alpha and rejects bad factors', () => {
    const rgba = tf.randomUniform([2, 3, 3, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = colorSkew(rgba, { value: 0.5 });
    const a = tf.slice(y, [0, 0, 0, 3], [2, 3, 3, 1]);
    const want = tf.slice(rgba, [0, 0, 0, 3], [2, 3, 3, 1]);
    expect(maxAbsDiff(a, want.dataSync())).toBe(0);
    expect(() => colorSkew(rgba, { hue: -1 })).toThrow(TricksError);
    expect(() => colorSkew(rgba, { saturation: [1, 1, 1] })).toThrow(
      /colorSkew: argument 'options.saturation' expected 2 per-sample values/,
    );
    const gray = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => colorSkew(gray)).toThrow(
      /colorSkew: argument 'images' expected images with 3 or 4 channels/,
    );
    tf.dispose([rgba, y, a, want, gray]);
  });
});
