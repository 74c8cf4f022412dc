import golden from '@golden/augment/color.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { benGraham } from './ben-graham';

const tensor = (f: { shape: number[]; data: number[] }): tf.Tensor4D =>
  tf.tensor4d(f.data, f.shape as [number, number, number, number]);

function maxAbsDiff(a: tf.Tensor, b: ArrayLike<number>): number {
  const x = a.dataSync();
  expect(x.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - b[i]!));
  return m;
}

describe('benGraham', () => {
  it('matches clip(cv2.addWeighted(img, 4, cv2.GaussianBlur(img, (0,0), σ), -4, 0.5)) per sample', async () => {
    const x = tensor(golden.rgb);
    const { sigma, color, gray } = golden.benGraham;
    // σ = 3 gives OpenCV's 25-tap kernel on 12×12 images: the border reflects repeatedly.
    const y = await expectNoLeaks(() => benGraham(x, { sigma }), 'benGraham');
    expect(y.shape).toEqual([4, 12, 12, 3]);
    // 4× amplification of float rounding: still far below 1/255.
    expect(maxAbsDiff(y, color.data)).toBeLessThanOrEqual(1e-4);
    const g = await expectNoLeaks(() => benGraham(x, { sigma, variant: 'gray' }), 'benGraham gray');
    expect(g.shape).toEqual([4, 12, 12, 1]);
    expect(maxAbsDiff(g, gray.data)).toBeLessThanOrEqual(1e-4);
    // A per-sample array equals a single sigma for the whole batch, image by image (σ = 3:
    // the same 25-tap kernel size, so WebGL reuses its shaders).
    const y2 = benGraham(x, { sigma: sigma[3] });
    const a2 = tf.slice(y2, [3, 0, 0, 0], [1, 12, 12, 3]);
    const b2 = tf.slice(y, [3, 0, 0, 0], [1, 12, 12, 3]);
    expect(maxAbsDiff(a2, b2.dataSync())).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, y, g, y2, a2, b2]);
  });

  it('maps a flat image to 0.5 and rejects bad options', () => {
    const flat = tf.fill([4, 12, 12, 3], 0.3) as tf.Tensor4D;
    const y = benGraham(flat, { sigma: 3 });
    expect(maxAbsDiff(y, new Float32Array(y.size).fill(0.5))).toBeLessThanOrEqual(1e-5);
    expect(() => benGraham(flat, { sigma: 0 })).toThrow(TricksError);
    expect(() => benGraham(flat, { sigma: [1] })).toThrow(
      /benGraham: argument 'options.sigma' expected 4 per-sample values/,
    );
    expect(() => benGraham(flat, { variant: 'hsv' as 'gray' })).toThrow(
      /benGraham: argument 'options.variant' expected one of 'color', 'gray'/,
    );
    tf.dispose([flat, y]);
  });
});
