import * as tf from '@tensorflow/tfjs-core';
import { createRng, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { centerCrop } from './center-crop';
import { randomCrop } from './random-crop';
import { randomResizedCrop, sampleResizedCropBox } from './random-resized-crop';

function makeBatch(n = 4, h = 6, w = 8) {
  const rng = createRng(11);
  const data = Float32Array.from({ length: n * h * w * 3 }, () => rng.uniform());
  return {
    images: tf.tensor4d(data, [n, h, w, 3]),
    targets: oneHot(
      Array.from({ length: n }, (_, i) => i % 2),
      2,
    ),
  };
}

describe('randomCrop', () => {
  it('pad-4 crop: every output is the window params name, in the zero-padded image', async () => {
    const batch = makeBatch();
    const aug = randomCrop({ size: [6, 8], padding: 4 });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(4)), 'randomCrop');
    expect(out.batch.images.shape).toEqual([4, 6, 8, 3]);
    const padded = tf.pad(batch.images, [
      [0, 0],
      [4, 4],
      [4, 4],
      [0, 0],
    ]);
    for (let i = 0; i < 4; i++) {
      const ref = tf.slice(padded, [i, out.params.top[i]!, out.params.left[i]!, 0], [1, 6, 8, 3]);
      const got = tf.slice(out.batch.images, [i, 0, 0, 0], [1, 6, 8, 3]);
      expect(Array.from(got.dataSync())).toEqual(Array.from(ref.dataSync()));
      disposeAll([ref, got]);
    }
    const again = aug.apply(batch, JSON.parse(JSON.stringify(out.params)));
    expect(Array.from(again.images.dataSync())).toEqual(Array.from(out.batch.images.dataSync()));
    disposeAll([batch, out.batch, padded, again]);
  });

  it('padding modes match torchvision F.pad on a known row', () => {
    // One row [a, b, c] padded by 2 left and right (closed forms from torchvision's docs).
    const row = tf.tensor4d([0.1, 0.2, 0.3], [1, 1, 3, 1]);
    const batch = { images: row, targets: oneHot([0], 1) };
    const expected: Record<string, number[]> = {
      constant: [0.5, 0.5, 0.1, 0.2, 0.3, 0.5, 0.5],
      edge: [0.1, 0.1, 0.1, 0.2, 0.3, 0.3, 0.3],
      reflect: [0.3, 0.2, 0.1, 0.2, 0.3, 0.2, 0.1],
      symmetric: [0.2, 0.1, 0.1, 0.2, 0.3, 0.3, 0.2],
    };
    for (const mode of ['constant', 'edge', 'reflect', 'symmetric'] as const) {
      const aug = randomCrop({ size: [1, 7], padding: [2, 0], paddingMode: mode, fill: 0.5 });
      const out = aug.apply(batch, { padding: [2, 0, 2, 0], top: [0], left: [0] });
      expect(Array.from(out.images.dataSync()).map((v) => Math.round(v * 1e6) / 1e6)).toEqual(expected[mode]);
      disposeAll(out);
    }
    disposeAll(batch);
  });

  it('padIfNeeded pads small images; without it a too-large crop is refused', () => {
    const batch = makeBatch(2, 4, 4);
    const out = augment(randomCrop({ size: 6, padIfNeeded: true }), batch, createRng(1));
    expect(out.batch.images.shape).toEqual([2, 6, 6, 3]);
    expect(() => augment(randomCrop({ size: 6 }), batch, createRng(1))).toThrow(TricksError);
    expect(() =>
      randomCrop({ size: 4, padding: 5, paddingMode: 'reflect' }).sample(createRng(0), 2, [4, 4, 3]),
    ).toThrow(/options.padding/);
    expect(() => randomCrop({ size: 0 })).toThrow(/randomCrop: argument 'options.size'/);
    disposeAll([batch, out.batch]);
  });
});

describe('centerCrop', () => {
  it('takes torchvision offsets (round half to even) and zero-pads small images', async () => {
    const batch = makeBatch(2, 6, 8);
    const aug = centerCrop({ size: [3, 5] });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(0)), 'centerCrop');
    // (6−3)/2 = 1.5 → 2; (8−5)/2 = 1.5 → 2.
    expect(out.params).toEqual({ top: 2, left: 2 });
    const ref = tf.slice(batch.images, [0, 2, 2, 0], [2, 3, 5, 3]);
    expect(Array.from(out.batch.images.dataSync())).toEqual(Array.from(ref.dataSync()));
    const big = augment(centerCrop({ size: 10 }), batch, createRng(0));
    expect(big.params).toEqual({ top: -2, left: -1 });
    expect(big.batch.images.shape).toEqual([2, 10, 10, 3]);
    disposeAll([batch, out.batch, ref, big.batch]);
  });
});

describe('randomResizedCrop', () => {
  it('boxes follow torchvision get_params: inside the image, area and ratio in range', () => {
    const rng = createRng(5);
    for (let t = 0; t < 200; t++) {
      const b = sampleResizedCropBox(rng, 32, 40, [0.08, 1], [3 / 4, 4 / 3]);
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.top + b.height).toBeLessThanOrEqual(32);
      expect(b.left + b.width).toBeLessThanOrEqual(40);
      const area = (b.height * b.width) / (32 * 40);
      // Rounding the sides to whole pixels moves area and ratio a little.
      expect(area).toBeGreaterThan(0.08 * 0.7);
      expect(b.width / b.height).toBeGreaterThan((3 / 4) * 0.8);
      expect(b.width / b.height).toBeLessThan((4 / 3) * 1.25);
    }
  });

  it('falls back to the central crop with the ratio clamped (torchvision)', () => {
    // A ratio range no 10-pixel square crop can meet: in_ratio 1 < 10 → w = 10, h = round(10 / 10) = 1.
    const b = sampleResizedCropBox(createRng(0), 10, 10, [0.9, 1], [10, 20]);
    expect(b).toEqual({ top: 4, left: 0, height: 1, width: 10 });
  });

  it('outputs size, replays from params, leaks nothing', async () => {
    const batch = makeBatch();
    const aug = randomResizedCrop({ size: [5, 5] });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(8)), 'randomResizedCrop');
    expect(out.batch.images.shape).toEqual([4, 5, 5, 3]);
    expect(aug.outputShape?.([6, 8, 3])).toEqual([5, 5, 3]);
    const again = aug.apply(batch, out.params);
    expect(Array.from(again.images.dataSync())).toEqual(Array.from(out.batch.images.dataSync()));
    const v = out.batch.images.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(() => randomResizedCrop({ size: 4, scale: [0.5, 0.1] })).toThrow(/options.scale/);
    disposeAll([batch, out.batch, again]);
  });
});
