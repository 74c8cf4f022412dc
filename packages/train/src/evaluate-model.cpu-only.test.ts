import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyData, tinyRecipe } from '../test/tiny-run';
import { evaluateModel, logitPredictor, probabilityPredictor } from './evaluate-model';
import { pseudoLabelRun, splitLabeled } from './pseudo-label-run';
import { recipeIssues } from './recipe-schema';
import { train } from './train';

// A linear "model" on the raw pixels with weights that are not mirror-symmetric, so a flipped
// image gets different logits and TTA changes the probabilities.
const K = 3;
const W = tf.tensor2d(
  Float32Array.from({ length: 28 * 28 * K }, (_, i) => Math.sin(0.37 * i) * 0.05),
  [28 * 28, K],
);
const linear = (x: tf.Tensor4D) => tf.matMul(tf.reshape(x, [x.shape[0], -1]), W) as tf.Tensor2D;
const images = tf.tensor4d(
  Float32Array.from({ length: 5 * 28 * 28 }, (_, i) => (Math.cos(0.011 * i * i) + 1) / 2),
  [5, 28, 28, 1],
);
afterAll(() => tf.dispose([W, images]));

describe('probabilityPredictor / logitPredictor (a recipe tta section)', () => {
  it('merges identity and hflip as the mean of the two softmaxes', () => {
    const got = probabilityPredictor(linear, { transforms: ['identity', 'hflip'] })(images);
    const want = tf.tidy(() =>
      tf.div(tf.add(tf.softmax(linear(images)), tf.softmax(linear(tf.reverse(images, 2)))), 2),
    );
    const plain = tf.tidy(() => tf.softmax(linear(images)));
    expect(Array.from(got.dataSync()).map((v, i) => Math.abs(v - want.dataSync()[i]!))).toSatisfy(
      (d: number[]) => Math.max(...d) < 1e-6,
    );
    // The flipped view matters for this model: TTA is not the plain softmax.
    expect(tf.max(tf.abs(tf.sub(got, plain))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([got, want, plain]);
  });

  it("translate: 1 merges airbench's views: the flip pair at ¼, their ±1 px reflect-padded shifts at ⅛", () => {
    const got = probabilityPredictor(linear, { transforms: ['hflip', 'identity'], translate: 1 })(images);
    const [n, h, w] = images.shape;
    const want = tf.tidy(() => {
      const p = (x: tf.Tensor4D) => tf.softmax(linear(x));
      const flip = (x: tf.Tensor4D) => tf.reverse(x, 2);
      const padded = tf.mirrorPad(
        images,
        [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        'reflect',
      );
      const down = tf.slice(padded, [0, 0, 0, 0], [n, h, w, 1]) as tf.Tensor4D; // content moves +1, +1
      const up = tf.slice(padded, [0, 2, 2, 0], [n, h, w, 1]) as tf.Tensor4D; // −1, −1
      const pair = tf.add(p(images), p(flip(images)));
      const shifted = tf.addN([p(down), p(flip(down)), p(up), p(flip(up))]);
      return tf.add(tf.mul(pair, 0.25), tf.mul(shifted, 0.125));
    });
    const flipOnly = probabilityPredictor(linear, { transforms: ['identity', 'hflip'] })(images);
    expect(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]).toBeLessThan(1e-6);
    // The shifted views matter for this model: not the flip pair alone.
    expect(tf.max(tf.abs(tf.sub(got, flipOnly))).dataSync()[0]).toBeGreaterThan(1e-4);
    tf.dispose([got, want, flipOnly]);
  });

  it('without tta is the plain softmax; logits go through unchanged', () => {
    const got = probabilityPredictor(linear)(images);
    const want = tf.tidy(() => tf.softmax(linear(images)));
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(logitPredictor(linear)).toBe(linear);
    tf.dispose([got, want]);
  });

  it('logitPredictor under tta returns log-probabilities whose softmax is the merged probabilities, leak-free', () => {
    const views = {
      transforms: ['identity', 'hflip', 'vflip'] as ('identity' | 'hflip' | 'vflip')[],
      merge: 'gmean' as const,
    };
    const before = tf.memory().numTensors;
    const logits = logitPredictor(linear, views)(images);
    expect(tf.memory().numTensors).toBe(before + 1);
    const probs = probabilityPredictor(linear, views)(images);
    const back = tf.softmax(logits);
    const d = tf.max(tf.abs(tf.sub(back, probs))).dataSync()[0]!;
    expect(d).toBeLessThan(1e-6);
    tf.dispose([logits, probs, back]);
  });

  it('evaluateModel scores the merged probabilities, chunk by chunk, leak-free', () => {
    const ds = {
      pixels: images.dataSync() as Float32Array,
      labels: Int32Array.from([0, 1, 2, 0, 1]),
      imageShape: [28, 28, 1] as [number, number, number],
      numClasses: K,
    };
    const before = tf.memory().numTensors;
    const e = evaluateModel(linear, ds, K, { chunk: 2, tta: { transforms: ['identity', 'hflip'] } });
    expect(tf.memory().numTensors).toBe(before);
    const p = probabilityPredictor(linear, { transforms: ['identity', 'hflip'] })(images);
    const want = p.dataSync();
    for (let i = 0; i < want.length; i++) expect(Math.abs(e.probs[i]! - want[i]!)).toBeLessThan(1e-6);
    let correct = 0;
    for (let n = 0; n < 5; n++) {
      const row = Array.from(want.subarray(n * K, (n + 1) * K));
      if (row.indexOf(Math.max(...row)) === ds.labels[n]) correct++;
    }
    expect(e.accuracy).toBeCloseTo(correct / 5, 10);
    p.dispose();
  });
});

describe('recipe tta in the flows', () => {
  it('validates gmean (the library name) and rejects an unknown merge', () => {
    const ok = tinyRecipe({ tta: { transforms: ['identity', 'hflip'], merge: 'gmean' } });
    expect(recipeIssues(ok)).toEqual([]);
    const bad = { ...ok, tta: { transforms: ['identity'], merge: 'geometric' } };
    expect(recipeIssues(bad).map((i) => i.path.join('.'))).toEqual(['tta.merge']);
  });

  it('tta.translate needs [identity, hflip] and the mean merge, and a whole number of pixels in 1–8', () => {
    const ok = tinyRecipe({ tta: { transforms: ['identity', 'hflip'], translate: 1 } });
    expect(recipeIssues(ok)).toEqual([]);
    const paths = (tta: unknown) =>
      recipeIssues({ ...ok, tta }).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(paths({ transforms: ['identity', 'vflip'], translate: 1 })).toEqual([
      'tta.transforms: expected [identity, hflip] with tta.translate, got [identity, vflip]',
    ]);
    expect(paths({ transforms: ['identity', 'hflip'], merge: 'max', translate: 2 })).toEqual([
      "tta.merge: expected 'mean' with tta.translate (the views are weighted), got 'max'",
    ]);
    expect(paths({ transforms: ['identity', 'hflip'], translate: 1.5 }).map((m) => m.split(':')[0])).toEqual([
      'tta.translate',
    ]);
  });

  it('train evaluates through the views and pseudoLabelRun pseudo-labels through them', async () => {
    const data = await tinyData();
    const views = { transforms: ['identity', 'hflip'] as ('identity' | 'hflip')[] };
    const base = tinyRecipe({
      mix: undefined,
      ema: undefined,
      tta: views,
      pseudoLabel: { labeledFraction: 0.25, rounds: 1, threshold: 0, labeledShare: 0.5 },
    });
    const split = splitLabeled(base, data.train, 0);
    const { pseudoLabel: _pl, trainLimit: _n, ...plain } = base;
    const teacher = await train(plain, { train: split.labeledRepeated, test: data.test }, { seed: 0 });
    const withViews = evaluateModel(teacher.model, data.test, 10, { tta: views });
    expect(Array.from(teacher.test.probs)).toEqual(Array.from(withViews.probs));
    // The pseudo-labels kept are exactly the unlabeled images whose merged top probability
    // reaches the threshold (set between two of them, so about half are kept), per class.
    const counts = (probs: Float32Array, threshold: number) => {
      const c = new Array<number>(10).fill(0);
      for (let i = 0; i < probs.length / 10; i++) {
        const row = Array.from(probs.subarray(i * 10, (i + 1) * 10));
        const top = Math.max(...row);
        if (top >= threshold) c[row.indexOf(top)]!++;
      }
      return c;
    };
    const merged = evaluateModel(teacher.model, split.unlabeled, 10, { tta: views }).probs;
    const tops = Array.from({ length: merged.length / 10 }, (_, i) =>
      Math.max(...merged.subarray(i * 10, (i + 1) * 10)),
    ).sort((a, b) => a - b);
    const h = tops.length >> 1;
    const threshold = (tops[h - 1]! + tops[h]!) / 2;
    const want = counts(merged, threshold);
    // Without the views the teacher would keep other images (so this test can tell).
    expect(counts(evaluateModel(teacher.model, split.unlabeled, 10).probs, threshold)).not.toEqual(want);
    const recipe = { ...base, pseudoLabel: { ...base.pseudoLabel!, threshold } };
    const run = await pseudoLabelRun(recipe, data, { seed: 0, labeledOnly: teacher });
    expect(run.rounds[0]!.perClassCounts).toEqual(want);
    run.model.dispose();
    teacher.model.dispose();
  });
});
