import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Images, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { hflip } from '../geometric/hflip';
import { resizedCrop } from '../geometric/resized-crop';
import { vflip } from '../geometric/vflip';
import { randomHorizontalFlip } from '../random/random-horizontal-flip';
import { fiveCrop, tta, ttaAugmentation, ttaScale } from './tta';

const [N, H, W, C, K] = [4, 8, 8, 3, 5];
const rng = createRng(21);
const images = tf.tensor4d(
  Float32Array.from({ length: N * H * W * C }, () => rng.uniform()),
  [N, H, W, C],
) as Images;
// A linear map from pixels to logits: not flip-invariant.
const weights = tf.tensor2d(
  Float32Array.from({ length: H * W * C * K }, () => rng.normal(0, 0.3)),
  [H * W * C, K],
);
afterAll(() => disposeAll([images, weights]));

/** Softmax of a linear map of the pixels. */
const linear = (x: Images) =>
  tf.tidy(() => tf.softmax(tf.matMul(tf.reshape(x, [x.shape[0], -1]), weights)) as tf.Tensor2D);
/** Depends on per-channel means and mean squares only: invariant to both flips. */
const invariant = (x: Images) =>
  tf.tidy(() => {
    const f = tf.concat([tf.mean(x, [1, 2]), tf.mean(tf.square(x), [1, 2])], 1);
    return tf.softmax(tf.matMul(f, tf.slice(weights, [0, 0], [2 * C, K]))) as tf.Tensor2D;
  });

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

describe('tta', () => {
  it('identity alone equals plain prediction (every merge)', async () => {
    const plain = linear(images);
    for (const merge of ['mean', 'gmean', 'max'] as const) {
      const out = await expectNoLeaks(() => tta(linear, images, { transforms: ['identity'], merge }), merge);
      expect(out.shape).toEqual([N, K]);
      expect(maxDiff(out, plain)).toBeLessThanOrEqual(1e-6);
      out.dispose();
    }
    plain.dispose();
  });

  it('flip TTA of a flip-invariant model equals plain prediction', () => {
    const plain = invariant(images);
    for (const merge of ['mean', 'gmean', 'max'] as const) {
      const out = tta(invariant, images, { transforms: ['identity', 'hflip', 'vflip'], merge });
      expect(maxDiff(out, plain), merge).toBeLessThanOrEqual(1e-5);
      out.dispose();
    }
    plain.dispose();
  });

  it('mean / gmean / max are the closed forms over the views; chunking does not change them', async () => {
    const views = [tf.clone(images), hflip(images), vflip(images)];
    const p = views.map(linear);
    const mean = tf.tidy(() => tf.div(tf.addN(p), 3));
    const gm = tf.tidy(() => {
      const g = tf.exp(tf.div(tf.addN(p.map((q) => tf.log(q))), 3));
      return tf.div(g, tf.sum(g, 1, true));
    });
    const mx = tf.tidy(() => {
      const m = tf.maximum(tf.maximum(p[0]!, p[1]!), p[2]!);
      return tf.div(m, tf.sum(m, 1, true));
    });
    const transforms = ['identity', 'hflip', 'vflip'] as const;
    for (const [merge, want] of [
      ['mean', mean],
      ['gmean', gm],
      ['max', mx],
    ] as const) {
      const whole = tta(linear, images, { transforms, merge });
      // batchSize 3 → one image (three views) per predict call.
      const chunked = await expectNoLeaks(
        () => tta(linear, images, { transforms, merge, batchSize: 3 }),
        'chunked',
      );
      expect(maxDiff(whole, want), merge).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(chunked, want), merge).toBeLessThanOrEqual(1e-6);
      disposeAll([whole, chunked]);
    }
    disposeAll([...views, ...p, mean, gm, mx]);
  });

  it('K views cost one predict call on K·N images (and ⌈N / ⌊budget/K⌋⌉ calls under a budget)', () => {
    const calls: number[] = [];
    const counting = (x: Images) => {
      calls.push(x.shape[0]);
      return linear(x);
    };
    tta(counting, images, { transforms: ['identity', 'hflip'] }).dispose();
    expect(calls).toEqual([2 * N]);
    calls.length = 0;
    tta(counting, images, { transforms: ['identity', 'hflip'], batchSize: 6 }).dispose();
    expect(calls).toEqual([6, 2]);
  });

  it('five crops are torchvision five_crop resized back; scale and augmentation views', async () => {
    const crops = fiveCrop(6);
    expect(crops.map((c) => c.name.split('(')[0])).toEqual([
      'fiveCrop.topLeft',
      'fiveCrop.topRight',
      'fiveCrop.bottomLeft',
      'fiveCrop.bottomRight',
      'fiveCrop.center',
    ]);
    const corners = [
      [0, 0],
      [0, 2],
      [2, 0],
      [2, 2],
      [1, 1],
    ];
    for (const [i, view] of crops.entries()) {
      const got = await expectNoLeaks(() => view.apply(images), view.name);
      const [top, left] = corners[i]!;
      const want = resizedCrop(images, { top: top!, left: left!, height: 6, width: 6 }, [H, W]);
      expect(maxDiff(got, want), view.name).toBe(0);
      disposeAll([got, want]);
    }
    // Scale 2: the central 4×4 window; scale 1: the identity.
    const zoom = ttaScale(2).apply(images);
    const want = resizedCrop(images, { top: 2, left: 2, height: 4, width: 4 }, [H, W]);
    expect(maxDiff(zoom, want)).toBe(0);
    const same = ttaScale(1).apply(images);
    expect(maxDiff(same, images)).toBeLessThanOrEqual(1e-6);
    // A seeded augmentation view is deterministic.
    const view = ttaAugmentation(randomHorizontalFlip({ p: 0.5 }), 3);
    const a = view.apply(images);
    const b = view.apply(images);
    expect(maxDiff(a, b)).toBe(0);
    const out = tta(linear, images, { transforms: ['identity', ...crops, ttaScale(1.25), view] });
    expect(out.shape).toEqual([N, K]);
    const sums = tf.sum(out, 1);
    for (const s of sums.dataSync()) expect(s).toBeCloseTo(1, 5);
    disposeAll([zoom, want, same, a, b, out, sums]);
  });

  it('rejects bad arguments with TricksError', () => {
    expect(() => tta(linear, images, { transforms: [] })).toThrow(/tta: argument 'options.transforms'/);
    expect(() => tta(linear, images, { merge: 'median' as 'mean' })).toThrow(TricksError);
    expect(() => tta(linear, images, { batchSize: 0 })).toThrow(/options.batchSize/);
    expect(() => tta(null as unknown as typeof linear, images)).toThrow(/predict/);
    expect(() => tta((x) => tf.tidy(() => tf.slice(linear(x), [0, 0], [1, K])), images)).toThrow(/predict/);
    expect(() => fiveCrop(9).map((v) => v.apply(images))).toThrow(/fiveCrop/);
    expect(() => ttaScale(0)).toThrow(TricksError);
  });
});
