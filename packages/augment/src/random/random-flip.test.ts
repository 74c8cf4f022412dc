import * as tf from '@tensorflow/tfjs-core';
import { createRng, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment, augmentImages } from '../base/augment';
import { hflip } from '../geometric/hflip';
import { vflip } from '../geometric/vflip';
import { alternatingFlip, alternatingFlipPhases } from './alternating-flip';
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

const decisions = (phases: number[], epoch: number, indices: number[]) =>
  alternatingFlip({ phases, epoch, indices }).sample(createRng(0), indices.length, [5, 7, 3]).applied;

describe('alternatingFlip', () => {
  it('phases: one fair coin per sample; the same seed gives the same phases', () => {
    const a = alternatingFlipPhases(createRng(11), 2000);
    expect(a).toHaveLength(2000);
    expect(new Set(a)).toEqual(new Set([0, 1]));
    // Binomial(2000, ½): mean 1000, sd ≈ 22.
    const ones = a.reduce((s, x) => s + x, 0);
    expect(ones).toBeGreaterThan(900);
    expect(ones).toBeLessThan(1100);
    expect(alternatingFlipPhases(createRng(11), 2000)).toEqual(a);
    expect(alternatingFlipPhases(createRng(12), 2000)).not.toEqual(a);
  });

  it('sample i is flipped in epoch e exactly when phases[i] + e is odd: every other epoch, whatever batch it lands in', () => {
    const phases = alternatingFlipPhases(createRng(3), 40);
    const all = Array.from({ length: 40 }, (_, i) => i);
    for (let epoch = 0; epoch < 6; epoch++) {
      // A different shuffle each epoch: the decision follows the sample, not its batch position.
      const order = createRng(100 + epoch).permutation(40);
      const got = decisions(phases, epoch, order);
      order.forEach((j, pos) => expect(got[pos]).toBe((phases[j]! + epoch) % 2 === 1));
    }
    // Consecutive epochs are complementary: over any two, each image is seen once each way.
    for (let epoch = 0; epoch < 5; epoch++) {
      const now = decisions(phases, epoch, all);
      const next = decisions(phases, epoch + 1, all);
      now.forEach((f, i) => expect(next[i]).toBe(!f));
    }
    // Epoch 0 flips the images of phase 1, about half.
    const flipped0 = decisions(phases, 0, all).filter(Boolean).length;
    expect(flipped0).toBe(phases.filter((p) => p === 1).length);
  });

  it('flips exactly the chosen images (hflip), keeps the targets, replays from JSON params, leaks nothing', async () => {
    const batch = makeBatch();
    const phases = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
    const indices = [9, 2, 4, 0, 7, 5];
    const aug = alternatingFlip({ phases, epoch: 3, indices });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(0)), 'alternatingFlip');
    expect(out.params.applied).toEqual([true, false, false, true, false, true]);
    const flipped = hflip(batch.images);
    const [o, x, f] = [rows(out.batch.images), rows(batch.images), rows(flipped)];
    out.params.applied.forEach((a, i) => expect(o[i]).toBe(a ? f[i] : x[i]));
    expect(Array.from(out.batch.targets.dataSync())).toEqual(Array.from(batch.targets.dataSync()));
    const replay = aug.apply(batch, JSON.parse(JSON.stringify(out.params)));
    expect(rows(replay.images)).toEqual(o);
    disposeAll([batch, out.batch, flipped, replay]);
  });

  it('is exact pixel windows (mirrored where applied), so compose fuses it with crops', () => {
    const flip = alternatingFlip({ phases: [1, 0, 1, 0, 1, 0], epoch: 0, indices: [0, 1, 2, 3, 4, 5] });
    const shape: [number, number, number] = [5, 7, 3];
    const windows = flip.pixelWindows!(flip.sample(createRng(0), N, shape), N, shape);
    expect(windows).toEqual({
      height: 5,
      width: 7,
      top: [0, 0, 0, 0, 0, 0],
      left: [0, 0, 0, 0, 0, 0],
      flipX: [true, false, true, false, true, false],
      flipY: [false, false, false, false, false, false],
    });
  });

  it('bad input → TricksError naming the argument', () => {
    const phases = [0, 1, 0];
    const cases: [() => unknown, RegExp][] = [
      [() => alternatingFlipPhases(createRng(0), 0), /alternatingFlipPhases: argument 'datasetSize'/],
      [() => alternatingFlip({ phases: [], epoch: 0, indices: [] }), /argument 'options.phases'/],
      [
        () => alternatingFlip({ phases, epoch: -1, indices: [0] }),
        /argument 'options.epoch' expected an integer ≥ 0/,
      ],
      [() => alternatingFlip({ phases, epoch: 0.5, indices: [0] }), /argument 'options.epoch'/],
      [
        () => alternatingFlip({ phases, epoch: 0, indices: [0, 3] }),
        /alternatingFlip: argument 'options.indices\[1\]' expected a dataset index in \[0, 3\), got 3/,
      ],
      [
        () => alternatingFlip({ phases: [0, 2], epoch: 0, indices: [1] }),
        /argument 'options.phases\[1\]' expected a phase 0 or 1/,
      ],
      [
        () => alternatingFlip({ phases, epoch: 0, indices: [0, 1] }).sample(createRng(0), 3, [5, 7, 3]),
        /argument 'batchSize' expected 2 images/,
      ],
    ];
    for (const [f, message] of cases) {
      expect(f).toThrow(TricksError);
      expect(f).toThrow(message);
    }
  });
});
