import * as tf from '@tensorflow/tfjs-core';
import { createRng, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment, augmentImages } from '../base/augment';
import { hflip } from '../geometric/hflip';
import { vflip } from '../geometric/vflip';
import { randomHorizontalFlip } from './random-horizontal-flip';
import { randomVerticalFlip } from './random-vertical-flip';

const N = 6;
function makeBatch() {
  const rng = createRng(1);
  const data = Float32Array.from({ length: N * 5 * 7 * 3 }, () => rng.uniform());
  return { images: tf.tensor4d(data, [N, 5, 7, 3]), targets: oneHot([0, 1, 2, 0, 1, 2], 3) };
}
const rows = (t: tf.Tensor) => (t.arraySync() as number[][][][]).map((x) => JSON.stringify(x));

describe('randomHorizontalFlip / randomVerticalFlip', () => {
  for (const [aug, op] of [
    [randomHorizontalFlip, hflip],
    [randomVerticalFlip, vflip],
  ] as const) {
    it(`${aug.name}: each image is flipped exactly when params.applied says so`, async () => {
      const batch = makeBatch();
      const out = await expectNoLeaks(() => augment(aug({ p: 0.5 }), batch, createRng(3)), aug.name);
      const flipped = op(batch.images);
      const [o, x, f] = [rows(out.batch.images), rows(batch.images), rows(flipped)];
      out.params.applied.forEach((a, i) => {
        expect(o[i]).toBe(a ? f[i] : x[i]);
      });
      expect(out.params.applied.some(Boolean) && !out.params.applied.every(Boolean)).toBe(true);
      expect(Array.from(out.batch.targets.dataSync())).toEqual(Array.from(batch.targets.dataSync()));
      disposeAll([batch, out.batch, flipped]);
    });
  }

  it('p = 0 is the identity and p = 1 always flips', () => {
    const batch = makeBatch();
    const never = augment(randomHorizontalFlip({ p: 0 }), batch, createRng(0));
    const always = augment(randomHorizontalFlip({ p: 1 }), batch, createRng(0));
    const ref = hflip(batch.images);
    expect(rows(never.batch.images)).toEqual(rows(batch.images));
    expect(rows(always.batch.images)).toEqual(rows(ref));
    disposeAll([batch, never.batch, always.batch, ref]);
  });

  it('the same seed replays the batch; recorded params reproduce it; sameOnBatch decides once', () => {
    const batch = makeBatch();
    const aug = randomHorizontalFlip();
    const a = augment(aug, batch, createRng(9));
    const b = augment(aug, batch, createRng(9));
    const params = JSON.parse(JSON.stringify(a.params));
    const c = aug.apply(batch, params);
    expect(rows(b.batch.images)).toEqual(rows(a.batch.images));
    expect(rows(c.images)).toEqual(rows(a.batch.images));
    const same = randomHorizontalFlip({ sameOnBatch: true }).sample(createRng(5), 8, [5, 7, 3]);
    expect(new Set(same.applied).size).toBe(1);
    disposeAll([batch, a.batch, b.batch, c]);
  });

  it('augmentImages works without targets and leaks nothing', async () => {
    const batch = makeBatch();
    const out = await expectNoLeaks(() =>
      augmentImages(randomVerticalFlip({ p: 1 }), batch.images, createRng(2)),
    );
    const ref = vflip(batch.images);
    expect(rows(out.images)).toEqual(rows(ref));
    disposeAll([batch, out, ref]);
  });

  it('refuses bad p, bad images, mismatched targets and short params', () => {
    const batch = makeBatch();
    expect(() => randomHorizontalFlip({ p: 1.5 })).toThrow(
      /randomHorizontalFlip: argument 'options.p' expected a probability/,
    );
    const short = oneHot([0, 1], 3);
    expect(() =>
      augment(randomHorizontalFlip(), { images: batch.images, targets: short }, createRng(0)),
    ).toThrow(/batch.targets/);
    const bad = tf.fill([1, 2, 2, 3], 1.5) as tf.Tensor4D;
    expect(() => augmentImages(randomHorizontalFlip(), bad, createRng(0))).toThrow(TricksError);
    expect(() => randomHorizontalFlip().apply(batch, { applied: [true], values: [null] })).toThrow(
      /params.applied/,
    );
    disposeAll([batch, short, bad]);
  });
});
