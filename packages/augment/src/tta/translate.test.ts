import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Images, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { hflip } from '../geometric/hflip';
import { translate, translateViews } from './translate';
import { tta } from './tta';

const [N, H, W, C, K] = [3, 5, 6, 3, 4];
const rng = createRng(5);
const images = tf.tensor4d(
  Float32Array.from({ length: N * H * W * C }, () => rng.uniform()),
  [N, H, W, C],
) as Images;
const proj = tf.tensor2d(
  Float32Array.from({ length: H * W * C * K }, () => rng.normal(0, 0.5)),
  [H * W * C, K],
);
afterAll(() => disposeAll([images, proj]));
/** Logits of a linear map of the pixels: sensitive to every shift and flip. */
const logits = (x: Images) => tf.tidy(() => tf.matMul(tf.reshape(x, [x.shape[0], -1]), proj) as tf.Tensor2D);
const softmax = (x: Images) => tf.tidy(() => tf.softmax(logits(x)) as tf.Tensor2D);

/** numpy.pad modes on one index: reflect (mirror without the edge), symmetric (with it), edge. */
function source(i: number, n: number, mode: string): number | null {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return null;
  if (mode === 'edge') return i < 0 ? 0 : n - 1;
  if (mode === 'reflect') return i < 0 ? -i : 2 * (n - 1) - i;
  return i < 0 ? -i - 1 : 2 * n - 1 - i; // symmetric
}

/** out(i, j) = in(i − dy, j − dx) with the border filled as `mode`, in plain JS. */
function shifted(x: number[][][][], dy: number, dx: number, mode: string): number[][][][] {
  return x.map((img) =>
    img.map((row, i) =>
      row.map((px, j) => {
        const si = source(i - dy, img.length, mode);
        const sj = source(j - dx, row.length, mode);
        return si === null || sj === null ? px.map(() => 0) : img[si]![sj]!;
      }),
    ),
  );
}

/** airbench's translated inputs: the reflect-padded (by 1) images cropped at [0:H, 0:W] and [2:H+2, 2:W+2]. */
function airbenchCrops(): [Images, Images] {
  return tf.tidy(() => {
    const pads: [number, number][] = [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ];
    const padded = tf.mirrorPad(images, pads, 'reflect');
    return [
      tf.slice(padded, [0, 0, 0, 0], [N, H, W, C]) as Images,
      tf.slice(padded, [0, 2, 2, 0], [N, H, W, C]) as Images,
    ];
  });
}

describe('translate (TTA view)', () => {
  const x = images.arraySync() as number[][][][];
  for (const mode of ['reflect', 'symmetric', 'edge', 'constant'] as const) {
    it(`out(i, j) = in(i − dy, j − dx), ${mode} border`, async () => {
      for (const [dy, dx] of [
        [1, 1],
        [-1, -1],
        [2, -1],
        [0, 3],
        [0, 0],
      ] as const) {
        const out = await expectNoLeaks(
          () => translate(dy, dx, { padding: mode }).apply(images),
          'translate',
        );
        const want = shifted(x, dy, dx, mode);
        const got = out.arraySync() as number[][][][];
        expect(got).toEqual(want);
        out.dispose();
      }
    });
  }

  it("airbench's views: reflect-padded crops [0:H, 0:W] and [2:H+2, 2:W+2]; hflip mirrors the shifted view", () => {
    const [a, b] = airbenchCrops();
    const down = translate(1, 1).apply(images);
    const up = translate(-1, -1).apply(images);
    expect(down.arraySync()).toEqual(a.arraySync());
    expect(up.arraySync()).toEqual(b.arraySync());
    const flippedUp = translate(-1, -1, { hflip: true }).apply(images);
    const reference = hflip(up);
    expect(flippedUp.arraySync()).toEqual(reference.arraySync());
    disposeAll([a, b, down, up, flippedUp, reference]);
  });

  it("translateViews(1) with logits is airbench's tta_level 2: ½·mirror(x) + ½·mean(mirror(x↖), mirror(x↘))", async () => {
    const got = await expectNoLeaks(() => tta(logits, images, translateViews(1)), 'tta(translateViews)');
    const ref = tf.tidy(() => {
      const mirror = (v: Images) => tf.add(tf.mul(logits(v), 0.5), tf.mul(logits(hflip(v)), 0.5));
      const [t1, t2] = airbenchCrops();
      const translated = tf.mul(tf.add(mirror(t1), mirror(t2)), 0.5);
      return tf.add(tf.mul(mirror(images), 0.5), tf.mul(translated, 0.5));
    });
    const [g, r] = [got.dataSync(), ref.dataSync()];
    g.forEach((v, i) => expect(v).toBeCloseTo(r[i]!, 5));
    expect(translateViews(2).transforms.map((t) => (typeof t === 'string' ? t : t.name))).toEqual([
      'identity',
      'hflip',
      'translate(-2, -2)',
      'translate(-2, -2, hflip)',
      'translate(2, 2)',
      'translate(2, 2, hflip)',
    ]);
    disposeAll([got, ref]);
  });

  it('tta weights: weighted mean / weighted geometric mean of the views; normalised; equal weights = none', () => {
    const views = ['identity', 'hflip', translate(1, 0)] as const;
    const ps = views.map((v) =>
      tf.tidy(() => softmax(v === 'identity' ? images : v === 'hflip' ? hflip(images) : v.apply(images))),
    );
    const w = [3, 1, 0];
    const mean = tta(softmax, images, { transforms: views, weights: w });
    const scaled = tta(softmax, images, { transforms: views, weights: w.map((v) => 10 * v) });
    const equal = tta(softmax, images, { transforms: views, weights: [1, 1, 1] });
    const plain = tta(softmax, images, { transforms: views });
    const gmean = tta(softmax, images, { transforms: views, weights: w, merge: 'gmean' });
    const d = ps.map((p) => p.dataSync());
    const m = mean.dataSync();
    m.forEach((v, i) => expect(v).toBeCloseTo(0.75 * d[0]![i]! + 0.25 * d[1]![i]!, 6));
    expect(Array.from(scaled.dataSync())).toEqual(Array.from(m));
    Array.from(equal.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(plain.dataSync()[i]!, 6));
    const gm = gmean.arraySync();
    for (let n = 0; n < N; n++) {
      const raw = Array.from({ length: K }, (_, k) => d[0]![n * K + k]! ** 0.75 * d[1]![n * K + k]! ** 0.25);
      const s = raw.reduce((a, b) => a + b, 0);
      raw.forEach((v, k) => expect(gm[n]![k]).toBeCloseTo(v / s, 5));
    }
    disposeAll([ps, mean, scaled, equal, plain, gmean]);
  });

  it('bad input → TricksError naming the argument', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => translate(0.5, 0), /translate: argument 'dy' expected an integer shift in pixels, got 0.5/],
      [() => translate(0, Number.NaN), /translate: argument 'dx'/],
      [() => translate(1, 1, { padding: 'wrap' as 'reflect' }), /argument 'options.padding' expected one of/],
      [
        () => translate(1, 1, { hflip: 1 as unknown as boolean }),
        /argument 'options.hflip' expected a boolean/,
      ],
      [
        () => translate(5, 0).apply(images),
        /translate: argument 'dy, dx' expected shifts of at most 4 px for reflect padding of 5×6 images/,
      ],
      [() => translateViews(0), /translateViews: argument 'pixels'/],
      [() => tta(softmax, images, { weights: [1] }), /tta: argument 'options.weights' expected 2 weights/],
      [
        () => tta(softmax, images, { weights: [1, -1] }),
        /argument 'options.weights\[1\]' expected a finite weight ≥ 0/,
      ],
      [
        () => tta(softmax, images, { weights: [0, 0] }),
        /argument 'options.weights' expected weights with a positive sum/,
      ],
      [() => tta(softmax, images, { weights: [1, 1], merge: 'max' }), /no weights with merge 'max'/],
    ];
    for (const [f, message] of cases) {
      expect(f).toThrow(TricksError);
      expect(f).toThrow(message);
    }
    // Constant and edge borders shift any distance (the view is then all fill / edge).
    const far = translate(9, 0, { padding: 'constant' }).apply(images);
    expect(tf.max(far).dataSync()[0]).toBe(0);
    far.dispose();
  });
});
