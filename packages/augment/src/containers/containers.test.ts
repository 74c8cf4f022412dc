import * as tf from '@tensorflow/tfjs-core';
import { createRng, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { hflip } from '../geometric/hflip';
import { vflip } from '../geometric/vflip';
import { randomCrop } from '../random/random-crop';
import { randomHorizontalFlip } from '../random/random-horizontal-flip';
import { randomResizedCrop } from '../random/random-resized-crop';
import { randomVerticalFlip } from '../random/random-vertical-flip';
import { compose } from './compose';
import { oneOf } from './one-of';
import { randomApply } from './random-apply';
import { randomOrder } from './random-order';

const N = 6;
function makeBatch() {
  const rng = createRng(17);
  const data = Float32Array.from({ length: N * 6 * 6 * 3 }, () => rng.uniform());
  return { images: tf.tensor4d(data, [N, 6, 6, 3]), targets: oneHot([0, 1, 2, 3, 4, 5], N) };
}
const imgs = (t: tf.Tensor) => (t.arraySync() as number[][][][]).map((x) => JSON.stringify(x));

describe('containers', () => {
  it('compose runs children in order and replays from its params', async () => {
    const batch = makeBatch();
    const aug = compose([randomCrop({ size: 6, padding: 2 }), randomHorizontalFlip({ p: 1 })]);
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(5)), 'compose');
    const first = randomCrop({ size: 6, padding: 2 }).apply(batch, out.params[0] as never);
    const ref = hflip(first.images);
    expect(imgs(out.batch.images)).toEqual(imgs(ref));
    const replay = aug.apply(batch, JSON.parse(JSON.stringify(out.params)));
    expect(imgs(replay.images)).toEqual(imgs(out.batch.images));
    disposeAll([batch, out.batch, first, ref, replay]);
  });

  it('randomApply: p = 0 is the identity, p = 1 applies to all, else per image', async () => {
    const batch = makeBatch();
    const none = augment(randomApply(randomVerticalFlip({ p: 1 }), 0), batch, createRng(1));
    const all = augment(randomApply([randomVerticalFlip({ p: 1 })], 1), batch, createRng(1));
    const some = await expectNoLeaks(
      () => augment(randomApply(randomVerticalFlip({ p: 1 }), 0.5), batch, createRng(2)),
      'randomApply',
    );
    const flipped = vflip(batch.images);
    const [x, f] = [imgs(batch.images), imgs(flipped)];
    expect(imgs(none.batch.images)).toEqual(x);
    expect(imgs(all.batch.images)).toEqual(f);
    const got = imgs(some.batch.images);
    some.params.choice.forEach((c, i) => {
      expect(got[i]).toBe(c === 0 ? f[i] : x[i]);
    });
    expect(new Set(some.params.choice).size).toBe(2);
    // Targets travel with their images.
    expect(Array.from(some.batch.targets.dataSync())).toEqual(Array.from(batch.targets.dataSync()));
    disposeAll([batch, none.batch, all.batch, some.batch, flipped]);
  });

  it('oneOf: each image gets exactly the child recorded for it; weights and sameOnBatch', async () => {
    const batch = makeBatch();
    const aug = oneOf([randomHorizontalFlip({ p: 1 }), randomVerticalFlip({ p: 1 })]);
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(8)), 'oneOf');
    const h = imgs(hflip(batch.images));
    const v = imgs(vflip(batch.images));
    const got = imgs(out.batch.images);
    out.params.choice.forEach((c, i) => {
      expect(got[i]).toBe(c === 0 ? h[i] : v[i]);
    });
    expect(new Set(out.params.choice).size).toBe(2);
    const replay = aug.apply(batch, out.params);
    expect(imgs(replay.images)).toEqual(got);
    const onlySecond = oneOf([randomHorizontalFlip(), randomVerticalFlip()], [0, 1]).sample(
      createRng(0),
      8,
      [6, 6, 3],
    );
    expect(onlySecond.choice.every((c) => c === 1)).toBe(true);
    const same = oneOf([randomHorizontalFlip(), randomVerticalFlip()], undefined, {
      sameOnBatch: true,
    }).sample(createRng(0), 8, [6, 6, 3]);
    expect(new Set(same.choice).size).toBe(1);
    expect(() => oneOf([randomHorizontalFlip()], [1, 2])).toThrow(/oneOf: argument 'weights'/);
    expect(() => oneOf([])).toThrow(TricksError);
    disposeAll([batch, out.batch, replay]);
  });

  it('oneOf refuses children with different output shapes per sample', () => {
    const aug = oneOf([randomResizedCrop({ size: 4 }), randomHorizontalFlip()]);
    expect(() => aug.sample(createRng(3), 8, [6, 6, 3])).toThrow(/one output shape/);
  });

  it('randomOrder records the order; replay reproduces; shapes flow through crops', async () => {
    const batch = makeBatch();
    const aug = randomOrder([
      randomResizedCrop({ size: 4 }),
      randomHorizontalFlip({ p: 1 }),
      randomVerticalFlip({ p: 0.5 }),
    ]);
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(4)), 'randomOrder');
    expect([...out.params.order].sort()).toEqual([0, 1, 2]);
    expect(out.batch.images.shape).toEqual([N, 4, 4, 3]);
    const replay = aug.apply(batch, JSON.parse(JSON.stringify(out.params)));
    expect(imgs(replay.images)).toEqual(imgs(out.batch.images));
    disposeAll([batch, out.batch, replay]);
  });
});
