import golden from '@golden/augment/photometric.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { adjustBrightness } from './adjust-brightness';
import { adjustContrast } from './adjust-contrast';
import { adjustHue } from './adjust-hue';
import { adjustSaturation } from './adjust-saturation';
import { adjustSharpness } from './adjust-sharpness';
import { autocontrast } from './autocontrast';
import { equalize } from './equalize';
import { erase } from './erase';
import { gaussianBlur } from './gaussian-blur';
import { grayscale, meanLuma } from './grayscale';
import { invert } from './invert';
import { posterize } from './posterize';
import { solarize } from './solarize';

interface Fixture {
  shape: number[];
  data: number[];
}
const tensor = (f: Fixture): tf.Tensor4D => tf.tensor4d(f.data, f.shape as [number, number, number, number]);
const TOL = 1 / 255;

function maxAbsDiff(a: tf.Tensor, b: ArrayLike<number> | tf.Tensor): number {
  const x = a.dataSync();
  const y = b instanceof tf.Tensor ? b.dataSync() : b;
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

function sliceImage(x: tf.Tensor4D, i: number): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  return tf.slice(x, [i, 0, 0, 0], [1, h, w, c]);
}

const rgb = tensor(golden.rgb);
const gray = tensor(golden.gray);
const p = golden.params;
afterAll(() => tf.dispose([rgb, gray]));

type FactorOp = (x: tf.Tensor4D, factor: number | number[]) => tf.Tensor4D;
interface FactorCase {
  name: 'brightness' | 'contrast' | 'saturation' | 'hue' | 'sharpness' | 'posterize' | 'solarize';
  op: FactorOp;
  identity: number;
  /** Has a C = 1 golden (`<name>Gray`). */
  gray: boolean;
}
const factorOps: FactorCase[] = [
  { name: 'brightness', op: adjustBrightness, identity: 1, gray: true },
  { name: 'contrast', op: adjustContrast, identity: 1, gray: true },
  { name: 'saturation', op: adjustSaturation, identity: 1, gray: false },
  { name: 'hue', op: adjustHue, identity: 0, gray: false },
  { name: 'sharpness', op: adjustSharpness, identity: 1, gray: true },
  { name: 'posterize', op: posterize, identity: 8, gray: true },
  { name: 'solarize', op: solarize, identity: 1, gray: true },
];

describe('photometric ops vs torchvision 0.14 (≤ 1/255)', () => {
  for (const { name, op, gray: hasGray } of factorOps) {
    it(`${name}: per-sample factors ${JSON.stringify(p[name])}`, async () => {
      const y = await expectNoLeaks(() => op(rgb, p[name]), name);
      expect(y.shape).toEqual(rgb.shape);
      expect(y.dtype).toBe('float32');
      expect(maxAbsDiff(y, golden[name].data)).toBeLessThanOrEqual(TOL);
      // Per-sample arrays equal a single number applied to the whole batch, image by image
      // (same shapes, so the browser's WebGL reuses its compiled shaders).
      for (let i = 0; i < 4; i++) {
        const yi = op(rgb, p[name][i]!);
        const ai = sliceImage(yi, i);
        const bi = sliceImage(y, i);
        expect(maxAbsDiff(ai, bi), `${name} image ${i}`).toBeLessThanOrEqual(1e-6);
        tf.dispose([yi, ai, bi]);
      }
      y.dispose();
      if (hasGray) {
        const g = op(gray, p[name].slice(0, 2));
        expect(g.shape).toEqual(gray.shape);
        expect(maxAbsDiff(g, golden[`${name}Gray` as 'brightnessGray'].data)).toBeLessThanOrEqual(TOL);
        g.dispose();
      }
    });
  }

  it('invert, autocontrast (RGB and gray), grayscale', async () => {
    const cases: [string, () => tf.Tensor4D, number[]][] = [
      ['invert', () => invert(rgb), golden.invert.data],
      ['autocontrast', () => autocontrast(rgb), golden.autocontrast.data],
      ['autocontrast gray', () => autocontrast(gray), golden.autocontrastGray.data],
      ['grayscale 1', () => grayscale(rgb, 1), golden.grayscale1.data],
      ['grayscale 3', () => grayscale(rgb, 3), golden.grayscale3.data],
    ];
    for (const [label, run, want] of cases) {
      const y = await expectNoLeaks(run, label);
      expect(maxAbsDiff(y, want), label).toBeLessThanOrEqual(TOL);
      y.dispose();
    }
  });

  it('equalize: 32×32 images (histogram path) and 12×12 ones (step 0: unchanged)', async () => {
    const x = tensor(golden.equalizeInput);
    const y = await expectNoLeaks(() => equalize(x), 'equalize');
    expect(maxAbsDiff(y, golden.equalize.data)).toBeLessThanOrEqual(TOL);
    // The op really changed the image (this is not the step-0 path).
    expect(maxAbsDiff(y, x)).toBeGreaterThan(0.1);
    const small = equalize(rgb);
    expect(maxAbsDiff(small, golden.equalizeRgb.data)).toBeLessThanOrEqual(TOL);
    // Gray images: channel 1 alone equalizes like channel 1 of the RGB batch.
    const g1 = tf.slice(x, [0, 0, 0, 1], [2, 32, 32, 1]);
    const g = equalize(g1);
    const want = tf.slice(y, [0, 0, 0, 1], [2, 32, 32, 1]);
    expect(maxAbsDiff(g, want)).toBe(0);
    tf.dispose([x, y, small, g1, g, want]);
  });

  it('gaussianBlur: 5×5 and 3×5 (kh × kw) kernels with per-sample sigma, gray 7×7', async () => {
    const y5 = await expectNoLeaks(() => gaussianBlur(rgb, 5, p.blurSigma), 'gaussianBlur');
    expect(maxAbsDiff(y5, golden.blur5.data)).toBeLessThanOrEqual(TOL);
    const y35 = gaussianBlur(rgb, [3, 5], p.blurSigma);
    expect(maxAbsDiff(y35, golden.blur3x5.data)).toBeLessThanOrEqual(TOL);
    const yg = gaussianBlur(gray, 7, [1.2, 0.7]);
    expect(maxAbsDiff(yg, golden.blurGray.data)).toBeLessThanOrEqual(TOL);
    for (let i = 0; i < 4; i++) {
      const yi = gaussianBlur(rgb, 5, p.blurSigma[i]!);
      const ai = sliceImage(yi, i);
      const bi = sliceImage(y5, i);
      expect(maxAbsDiff(ai, bi)).toBeLessThanOrEqual(1e-6);
      tf.dispose([yi, ai, bi]);
    }
    tf.dispose([y5, y35, yg]);
  });

  it('erase: one box per image, per-channel value, empty box', async () => {
    const y = await expectNoLeaks(() => erase(rgb, golden.erase.boxes, golden.erase.value), 'erase');
    expect(maxAbsDiff(y, golden.erase.output.data)).toBeLessThanOrEqual(1e-6);
    y.dispose();
  });
});

describe('photometric invariants', () => {
  it('identity parameters return the input', () => {
    // solarize(1) inverts exact 1.0 values, as torchvision; the identity holds below 1.
    const below1 = tf.mul(rgb, 0.99) as tf.Tensor4D;
    // Continuous values, between 8-bit levels (posterize(8) must still return them).
    const noise = tf.randomUniform(rgb.shape, 0, 1, 'float32', 5) as tf.Tensor4D;
    for (const { name, op, identity } of factorOps) {
      for (const x of [below1, noise]) {
        const y = op(x, identity);
        expect(maxAbsDiff(y, x), name).toBeLessThanOrEqual(name === 'hue' ? 1e-6 : 0);
        y.dispose();
      }
    }
    const twice = invert(invert(noise));
    expect(maxAbsDiff(twice, noise)).toBeLessThanOrEqual(1e-7);
    tf.dispose([below1, noise, twice]);
  });

  it('every op keeps shape and dtype and stays in [0, 1] at extreme parameters', async () => {
    const x = tf.randomUniform(rgb.shape, 0, 1, 'float32', 9) as tf.Tensor4D;
    const runs: [string, () => tf.Tensor4D][] = [
      ['brightness', () => adjustBrightness(x, [0, 5, 1.5, 100])],
      ['contrast', () => adjustContrast(x, [0, 5, 1.5, 100])],
      ['saturation', () => adjustSaturation(x, [0, 5, 1.5, 100])],
      ['hue', () => adjustHue(x, [-0.5, 0.5, 0.25, -0.25])],
      ['sharpness', () => adjustSharpness(x, [0, 5, 1.5, 100])],
      ['posterize', () => posterize(x, [1, 2, 7, 4])],
      ['solarize', () => solarize(x, [0, 0.5, 1, 0.2])],
      ['invert', () => invert(x)],
      ['autocontrast', () => autocontrast(x)],
      ['equalize', () => equalize(x)],
      ['gaussianBlur', () => gaussianBlur(x, [9, 3], [0.3, 4, 20, 1])],
      ['erase', () => erase(x, [{ top: 1, left: 2, height: 5, width: 7 }], 1)],
    ];
    for (const [name, run] of runs) {
      const y = run();
      expect(y.shape, name).toEqual(x.shape);
      expect(y.dtype, name).toBe('float32');
      const [lo, hi] = [tf.min(y).dataSync()[0]!, tf.max(y).dataSync()[0]!];
      expect(lo, name).toBeGreaterThanOrEqual(0);
      expect(hi, name).toBeLessThanOrEqual(1 + 1e-6);
      y.dispose();
    }
    x.dispose();
  });

  it('RGBA: alpha is kept and RGB matches the 3-channel result', async () => {
    const alpha = tf.randomUniform([4, 12, 12, 1], 0, 1, 'float32', 2);
    const rgba = tf.concat([rgb, alpha], 3) as tf.Tensor4D;
    const runs: [string, (x: tf.Tensor4D) => tf.Tensor4D][] = [
      ['brightness', (x) => adjustBrightness(x, 1.4)],
      ['contrast', (x) => adjustContrast(x, 0.4)],
      ['saturation', (x) => adjustSaturation(x, 2)],
      ['hue', (x) => adjustHue(x, 0.3)],
      ['sharpness', (x) => adjustSharpness(x, 2)],
      ['posterize', (x) => posterize(x, 3)],
      ['solarize', (x) => solarize(x, 0.4)],
      ['invert', invert],
      ['autocontrast', autocontrast],
      ['equalize', equalize],
      ['gaussianBlur', (x) => gaussianBlur(x, 3, 1)],
    ];
    for (const [name, run] of runs) {
      const y = await expectNoLeaks(() => run(rgba), `${name} rgba`);
      const want = run(rgb);
      const yRgb = tf.slice(y, [0, 0, 0, 0], [4, 12, 12, 3]);
      const yA = tf.slice(y, [0, 0, 0, 3], [4, 12, 12, 1]);
      expect(maxAbsDiff(yRgb, want), name).toBe(0);
      expect(maxAbsDiff(yA, alpha), name).toBe(0);
      tf.dispose([y, want, yRgb, yA]);
    }
    const g3 = grayscale(rgba, 3);
    expect(g3.shape).toEqual([4, 12, 12, 4]);
    tf.dispose([alpha, rgba, g3]);
  });

  it('erase takes a noise tensor, one box for all, and fills only the box', () => {
    const noise = tf.randomUniform([4, 12, 12, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = erase(rgb, [{ top: 2, left: 3, height: 4, width: 5 }], noise);
    const inside = tf.slice(y, [0, 2, 3, 0], [4, 4, 5, 3]);
    const want = tf.slice(noise, [0, 2, 3, 0], [4, 4, 5, 3]);
    expect(maxAbsDiff(inside, want)).toBe(0);
    const top = tf.slice(y, [0, 0, 0, 0], [4, 2, 12, 3]);
    const topWant = tf.slice(rgb, [0, 0, 0, 0], [4, 2, 12, 3]);
    expect(maxAbsDiff(top, topWant)).toBe(0);
    tf.dispose([noise, y, inside, want, top, topWant]);
  });
});

describe('photometric ops reject bad input', () => {
  it('names function, argument, expectation and value', () => {
    const rank3 = tf.zeros([4, 4, 3]) as unknown as tf.Tensor4D;
    const ints = tf.zeros([1, 4, 4, 3], 'int32') as tf.Tensor4D;
    const big = tf.fill([1, 4, 4, 3], 1.5) as tf.Tensor4D;
    const one = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    const two = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    const three = tf.zeros([3, 4, 4, 3]) as tf.Tensor4D;
    const cases: [() => unknown, RegExp][] = [
      [() => invert(rank3), /invert: argument 'images' expected a tensor of rank 4/],
      [() => equalize(ints), /equalize: argument 'images' expected dtype float32/],
      [() => adjustBrightness(big, 1), /adjustBrightness: argument 'images' expected values in \[0, 1\]/],
      [() => adjustHue(one, 0.1), /adjustHue: argument 'images' expected images with 3 or 4 channels/],
      [
        () => adjustSaturation(one, 1),
        /adjustSaturation: argument 'images' expected images with 3 or 4 channels/,
      ],
      [
        () => adjustHue(two, 0.7),
        /adjustHue: argument 'hueFactor' expected a number in \[-0.5, 0.5\], got 0.7/,
      ],
      [
        () => adjustContrast(two, [1, 2, 3]),
        /adjustContrast: argument 'factor' expected 2 per-sample values/,
      ],
      [
        () => adjustBrightness(two, [1, -1]),
        /adjustBrightness: argument 'factor\[1\]' expected a finite number ≥ 0/,
      ],
      [() => adjustSharpness(two, Number.NaN), /adjustSharpness: argument 'factor'/],
      [() => posterize(two, 0), /posterize: argument 'bits' expected a number in \[1, 8\], got 0/],
      [
        () => posterize(two, [2, 2.5]),
        /posterize: argument 'bits\[1\]' expected an integer in \[1, 8\], got 2.5/,
      ],
      [() => solarize(two, 1.5), /solarize: argument 'threshold' expected a number in \[0, 1\], got 1.5/],
      [
        () => gaussianBlur(two, 4, 1),
        /gaussianBlur: argument 'kernelSize' expected an odd positive integer, got 4/,
      ],
      [() => gaussianBlur(two, [3, 0], 1), /gaussianBlur: argument 'kernelSize\[1\]'/],
      [
        () => gaussianBlur(two, 3, [1, 0]),
        /gaussianBlur: argument 'sigma\[1\]' expected a finite number > 0, got 0/,
      ],
      [
        () => erase(two, [{ top: 2, left: 0, height: 3, width: 1 }]),
        /erase: argument 'boxes\[0\]' expected a box inside the 4×4 image/,
      ],
      [
        () => erase(two, [{ top: 0, left: 0, height: 1, width: 1 }], [0.5]),
        /erase: argument 'value' expected 3 numbers in \[0, 1\]/,
      ],
      [() => erase(two, [], 0), /erase: argument 'boxes' expected 1 or 2 boxes/],
      [
        () => erase(two, [{ top: 0, left: 0, height: 1, width: 1 }], 2),
        /erase: argument 'value' expected a number in \[0, 1\]/,
      ],
      [
        () => erase(two, [{ top: 0, left: 0, height: 1, width: 1 }], three),
        /erase: argument 'value' expected a tensor that broadcasts/,
      ],
      [
        () => erase(two, [{ top: 0, left: 0, height: 1, width: 1 }], big),
        /erase: argument 'value' expected values in \[0, 1\]/,
      ],
      [() => grayscale(two, 2 as 1), /grayscale: argument 'numOutputChannels' expected 1 or 3/],
    ];
    for (const [run, message] of cases) {
      expect(run).toThrow(TricksError);
      expect(run).toThrow(message);
    }
    tf.dispose([rank3, ints, big, one, two, three]);
  });
});

describe('meanLuma', () => {
  it('is the per-image mean of torchvision grayscale (C = 3) or of the image (C = 1)', () => {
    for (const c of [1, 3]) {
      const x = tf.tidy(() =>
        tf.reshape(tf.div(tf.add(tf.range(0, 2 * 5 * 7 * c), 0.5), 2 * 5 * 7 * c), [2, 5, 7, c]),
      );
      const got = tf.tidy(() => meanLuma(x as tf.Tensor4D));
      const want = tf.tidy(() => tf.mean(grayscale(x as tf.Tensor4D), [1, 2, 3], true));
      expect(got.shape).toEqual([2, 1, 1, 1]);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-6);
      tf.dispose([x, got, want]);
    }
  });
});
