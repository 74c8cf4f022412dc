import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Images, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import type { Augmentation } from '../base/augmentation';
import { colorSkew } from '../color/index';
import {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  adjustSharpness,
  autocontrast,
  equalize,
  gaussianBlur,
  grayscale,
  invert,
  posterize,
  solarize,
} from '../photometric/index';
import { colorJitter } from './color-jitter';
import { cutout } from './cutout';
import { randomAdjustSharpness } from './random-adjust-sharpness';
import { randomAutocontrast } from './random-autocontrast';
import { randomColorSkew } from './random-color-skew';
import { randomEqualize } from './random-equalize';
import { randomErasing } from './random-erasing';
import { randomGaussianBlur } from './random-gaussian-blur';
import { randomGrayscale } from './random-grayscale';
import { randomInvert } from './random-invert';
import { randomPosterize } from './random-posterize';
import { randomSolarize } from './random-solarize';

const N = 4;
const [H, W] = [6, 7];
function makeBatch() {
  const rng = createRng(33);
  const data = Float32Array.from({ length: N * H * W * 3 }, () => rng.uniform());
  return { images: tf.tensor4d(data, [N, H, W, 3]), targets: oneHot([0, 1, 2, 3], 4) };
}
const arr = (t: tf.Tensor) => Array.from(t.dataSync());
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = arr(a);
  const y = arr(b);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
}

type Case = [
  string,
  (p: number) => Augmentation<{ applied: boolean[]; values: unknown[] }>,
  (x: Images, values: never[]) => Images,
];
const cases: Case[] = [
  ['randomInvert', (p) => randomInvert({ p }), (x) => invert(x)],
  ['randomPosterize', (p) => randomPosterize({ bits: 3, p }), (x) => posterize(x, 3)],
  ['randomSolarize', (p) => randomSolarize({ threshold: 0.6, p }), (x) => solarize(x, 0.6)],
  ['randomAutocontrast', (p) => randomAutocontrast({ p }), (x) => autocontrast(x)],
  ['randomEqualize', (p) => randomEqualize({ p }), (x) => equalize(x)],
  [
    'randomAdjustSharpness',
    (p) => randomAdjustSharpness({ sharpnessFactor: 2, p }),
    (x) => adjustSharpness(x, 2),
  ],
  ['randomGrayscale', (p) => randomGrayscale({ p }), (x) => grayscale(x, 3)],
  [
    'randomGaussianBlur',
    (p) => randomGaussianBlur({ kernelSize: 3, sigma: [0.5, 1.5], p }),
    (x, v: { sigma: number }[]) =>
      gaussianBlur(
        x,
        3,
        v.map((s) => s.sigma),
      ),
  ],
  [
    'randomColorSkew',
    (p) => randomColorSkew({ p }),
    (x, v: { hue: number; saturation: number; value: number }[]) =>
      colorSkew(x, {
        hue: v.map((s) => s.hue),
        saturation: v.map((s) => s.saturation),
        value: v.map((s) => s.value),
      }),
  ],
];

describe('random photometric augmentations', () => {
  for (const [name, make, op] of cases) {
    it(`${name}: p = 1 equals the functional op, p = 0 is the identity, params replay, no leaks`, async () => {
      const batch = makeBatch();
      const all = await expectNoLeaks(() => augment(make(1), batch, createRng(4)), name);
      const ref = op(batch.images, all.params.values as never[]);
      expect(all.batch.images.shape).toEqual(batch.images.shape);
      expect(all.batch.images.dtype).toBe('float32');
      expect(maxDiff(all.batch.images, ref)).toBeLessThanOrEqual(1e-6);
      const none = augment(make(0), batch, createRng(4));
      expect(arr(none.batch.images)).toEqual(arr(batch.images));
      const half = make(0.5);
      const some = augment(half, batch, createRng(12));
      const replay = half.apply(batch, JSON.parse(JSON.stringify(some.params)));
      expect(arr(replay.images)).toEqual(arr(some.batch.images));
      const v = arr(some.batch.images);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...v)).toBeLessThanOrEqual(1 + 1e-6);
      disposeAll([batch, all.batch, ref, none.batch, some.batch, replay]);
    });
  }

  it('randomColorSkew draws factors in [0.6, 1.4] by default', () => {
    const params = randomColorSkew().sample(createRng(0), 50, [4, 4, 3]);
    for (const v of params.values) {
      for (const f of [v.hue, v.saturation, v.value]) {
        expect(f).toBeGreaterThanOrEqual(0.6);
        expect(f).toBeLessThanOrEqual(1.4);
      }
    }
  });
});

describe('colorJitter', () => {
  it('each image equals its own ops applied one by one in its recorded order', async () => {
    const batch = makeBatch();
    const aug = colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(8)), 'colorJitter');
    const ops = [adjustBrightness, adjustContrast, adjustSaturation, adjustHue];
    out.params.values.forEach((v, i) => {
      const factors = [v.brightness, v.contrast, v.saturation, v.hue] as number[];
      let x = tf.slice(batch.images, [i, 0, 0, 0], [1, H, W, 3]);
      for (const j of v.order) {
        const next = ops[j]!(x, factors[j]!);
        x.dispose();
        x = next;
      }
      const got = tf.slice(out.batch.images, [i, 0, 0, 0], [1, H, W, 3]);
      expect(maxDiff(got, x)).toBeLessThanOrEqual(1e-5);
      disposeAll([x, got]);
    });
    // The orders differ between images (per-sample permutations).
    expect(new Set(out.params.values.map((v) => v.order.join())).size).toBeGreaterThan(1);
    disposeAll([batch, out.batch]);
  });

  it('draws torchvision ranges; unset ops stay null; p = 0 is the identity; bad ranges refused', () => {
    const params = colorJitter({ brightness: 0.4, hue: [-0.2, 0.1] }).sample(createRng(1), 40, [4, 4, 3]);
    for (const v of params.values) {
      expect(v.brightness).toBeGreaterThanOrEqual(0.6);
      expect(v.brightness).toBeLessThanOrEqual(1.4);
      expect(v.hue).toBeGreaterThanOrEqual(-0.2);
      expect(v.hue).toBeLessThanOrEqual(0.1);
      expect(v.contrast).toBeNull();
      expect([...v.order].sort()).toEqual([0, 1, 2, 3]);
    }
    const batch = makeBatch();
    const none = augment(colorJitter({ brightness: 0.5, p: 0 }), batch, createRng(1));
    expect(arr(none.batch.images)).toEqual(arr(batch.images));
    expect(() => colorJitter({ hue: 0.7 })).toThrow(/colorJitter: argument 'options.hue'/);
    expect(() => colorJitter({ brightness: -1 })).toThrow(TricksError);
    disposeAll([batch, none.batch]);
  });
});

describe('randomErasing / cutout', () => {
  function erasedMask(
    out: tf.Tensor4D,
    i: number,
    boxes: { top: number; left: number; height: number; width: number }[],
  ) {
    const img = (out.arraySync() as number[][][][])[i]!;
    const inside = (y: number, x: number) =>
      boxes.some((b) => y >= b.top && y < b.top + b.height && x >= b.left && x < b.left + b.width);
    return { img, inside };
  }

  it('const mode: the recorded boxes hold the value, everything else is untouched', async () => {
    const batch = makeBatch();
    const aug = randomErasing({ p: 1, value: 0.5, count: [1, 3], scale: [0.05, 0.3] });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(21)), 'randomErasing');
    const src = batch.images.arraySync() as number[][][][];
    for (let i = 0; i < N; i++) {
      const { boxes } = out.params.values[i]!;
      expect(boxes.length).toBeGreaterThanOrEqual(1);
      expect(boxes.length).toBeLessThanOrEqual(3);
      const { img, inside } = erasedMask(out.batch.images, i, boxes);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++)
          expect(img[y]![x]).toEqual(inside(y, x) ? [0.5, 0.5, 0.5] : src[i]![y]![x]);
      }
    }
    disposeAll([batch, out.batch]);
  });

  it('rand mode fills each box with its recorded color; pixel mode replays its noise; p = 0 is the identity', () => {
    const batch = makeBatch();
    const rand = augment(randomErasing({ p: 1, mode: 'rand' }), batch, createRng(2));
    const v = rand.params.values[0]!;
    const { img } = erasedMask(rand.batch.images, 0, v.boxes);
    const b = v.boxes[0]!;
    img[b.top]![b.left]!.forEach((c, k) => {
      expect(c).toBeCloseTo(v.colors![0]![k]!, 6);
    });
    const pixelAug = randomErasing({ p: 1, mode: 'pixel', count: 2 });
    const pixel = augment(pixelAug, batch, createRng(3));
    const replay = pixelAug.apply(batch, JSON.parse(JSON.stringify(pixel.params)));
    expect(arr(replay.images)).toEqual(arr(pixel.batch.images));
    const none = augment(randomErasing({ p: 0 }), batch, createRng(3));
    expect(arr(none.batch.images)).toEqual(arr(batch.images));
    expect(() => randomErasing({ count: [3, 1] })).toThrow(/options.count/);
    expect(() => randomErasing({ mode: 'noise' as 'rand' })).toThrow(TricksError);
    disposeAll([batch, rand.batch, pixel.batch, replay, none.batch]);
  });

  it('cutout punches clipped square holes of the fill', async () => {
    const batch = makeBatch();
    const out = await expectNoLeaks(
      () => augment(cutout({ size: 4, count: 2, fill: 1 }), batch, createRng(5)),
      'cutout',
    );
    const src = batch.images.arraySync() as number[][][][];
    for (let i = 0; i < N; i++) {
      const { boxes } = out.params.values[i]!;
      for (const b of boxes) {
        expect(b.height).toBeLessThanOrEqual(4);
        expect(b.width).toBeLessThanOrEqual(4);
      }
      const { img, inside } = erasedMask(out.batch.images, i, boxes);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) expect(img[y]![x]).toEqual(inside(y, x) ? [1, 1, 1] : src[i]![y]![x]);
      }
    }
    expect(() => cutout({ size: 0 })).toThrow(/cutout: argument 'options.size'/);
    disposeAll([batch, out.batch]);
  });
});
