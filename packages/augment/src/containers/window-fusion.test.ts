import * as tf from '@tensorflow/tfjs-core';
import { type Batch, createRng, oneHot } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import type { Augmentation } from '../base/augmentation';
import { composeWindows, type PixelWindows } from '../base/pixel-windows';
import { alternatingFlip } from '../random/alternating-flip';
import { centerCrop } from '../random/center-crop';
import { colorJitter } from '../random/color-jitter';
import { randomCrop } from '../random/random-crop';
import { randomHorizontalFlip } from '../random/random-horizontal-flip';
import { randomVerticalFlip } from '../random/random-vertical-flip';
import { compose } from './compose';
import { randomOrder } from './random-order';

// compose / randomOrder copy runs of crops and flips out in one kernel; these tests hold the
// fused copy to the children applied one by one, bit for bit.

const N = 8;
function makeBatch(h = 7, w = 6): Batch {
  const rng = createRng(3);
  const data = Float32Array.from({ length: N * h * w * 3 }, () => rng.uniform());
  return { images: tf.tensor4d(data, [N, h, w, 3]), targets: oneHot([0, 1, 2, 3, 4, 5, 6, 7], N) };
}

/** The children applied one at a time in `order` (no fusion): the reference. */
function oneByOne(
  augs: readonly Augmentation<unknown>[],
  order: readonly number[],
  params: unknown[],
  batch: Batch,
) {
  let current = batch;
  for (const k of order) {
    const next = augs[k]!.apply(current, params[k]);
    if (current !== batch) disposeAll([current]);
    current = next;
  }
  return current;
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));

describe('window fusion in containers', () => {
  const chains: [string, Augmentation<unknown>[]][] = [
    [
      'pad-crop + hflip (the CIFAR recipe)',
      [randomCrop({ size: [7, 6], padding: 2 }), randomHorizontalFlip()],
    ],
    [
      'pad-crop + alternating flip (airbench)',
      [
        randomCrop({ size: [7, 6], padding: 2 }),
        alternatingFlip({
          phases: [1, 0, 0, 1, 1, 0, 1, 0, 0, 1],
          epoch: 1,
          indices: [3, 9, 0, 4, 1, 7, 2, 8],
        }),
      ],
    ],
    [
      'crop, flips, centre crop, zero-padding centre crop',
      [
        randomCrop({ size: 5, padding: [1, 2] }),
        randomHorizontalFlip(),
        randomVerticalFlip({ p: 0.7 }),
        centerCrop({ size: [4, 3] }),
        randomHorizontalFlip(),
        centerCrop({ size: 6 }), // larger than its input: reads zeros, so fusion must stop here
        randomVerticalFlip(),
        randomCrop({ size: 3 }),
      ],
    ],
    [
      'windows around non-window children',
      [
        randomHorizontalFlip(),
        randomCrop({ size: 5, padding: 1, paddingMode: 'reflect' }), // not a zero-padded window
        randomVerticalFlip(),
        colorJitter({ brightness: 0.4 }),
        randomCrop({ size: 4, padding: 3 }),
        randomHorizontalFlip({ p: 1 }),
      ],
    ],
  ];
  for (const [label, augs] of chains) {
    it(`compose equals its children one by one: ${label}`, async () => {
      const batch = makeBatch();
      const aug = compose(augs);
      for (const seed of [0, 1, 2, 3]) {
        const out = await expectNoLeaks(() => augment(aug, batch, createRng(seed)), 'compose');
        const ref = oneByOne(
          augs,
          augs.map((_, i) => i),
          out.params,
          batch,
        );
        expect(out.batch.images.shape).toEqual(ref.images.shape);
        expect(bits(out.batch.images)).toEqual(bits(ref.images));
        expect(Array.from(out.batch.targets.dataSync())).toEqual(Array.from(batch.targets.dataSync()));
        disposeAll([out.batch, ref]);
      }
      disposeAll([batch]);
    });
  }

  it('the CIFAR crop + flip runs as one copy kernel', async () => {
    const batch = makeBatch();
    const augs = [randomCrop({ size: [7, 6], padding: 4 }), randomHorizontalFlip()];
    const aug = compose(augs);
    const params = aug.sample(createRng(0), N, [7, 6, 3]);
    const copies = async (run: () => Batch) => {
      const info = await tf.profile(() => {
        disposeAll([run()]);
      });
      return info.kernels.filter((k) => k.name === 'CropAndResize' || k.name === 'GatherV2').length;
    };
    expect(await copies(() => aug.apply(batch, params))).toBe(1);
    expect(await copies(() => oneByOne(augs, [0, 1], params, batch))).toBe(2);
    disposeAll([batch]);
  });

  it('randomOrder fuses in the recorded order', async () => {
    const batch = makeBatch(6, 6);
    const augs = [randomCrop({ size: 6, padding: 2 }), randomHorizontalFlip(), randomVerticalFlip()];
    const aug = randomOrder(augs);
    for (const seed of [0, 1, 2, 3, 4]) {
      const out = await expectNoLeaks(() => augment(aug, batch, createRng(seed)), 'randomOrder');
      const ref = oneByOne(augs, out.params.order, out.params.children, batch);
      expect(bits(out.batch.images)).toEqual(bits(ref.images));
      disposeAll([out.batch, ref]);
    }
    disposeAll([batch]);
  });

  it('fuses 1-pixel-wide images and windows too (the gather path)', () => {
    const batch = makeBatch(5, 1);
    const augs = [
      randomCrop({ size: [4, 1], padding: [0, 1] }),
      randomVerticalFlip(),
      randomHorizontalFlip(),
    ];
    const out = augment(compose(augs), batch, createRng(9));
    const ref = oneByOne(augs, [0, 1, 2], out.params, batch);
    expect(bits(out.batch.images)).toEqual(bits(ref.images));
    disposeAll([batch, out.batch, ref]);
  });

  it('composeWindows: offsets and flips compose, reads outside the first window refuse', () => {
    const first: PixelWindows = {
      height: 4,
      width: 5,
      top: [-1, 2],
      left: [0, 1],
      flipY: [false, true],
      flipX: [true, false],
    };
    const second: PixelWindows = {
      height: 2,
      width: 3,
      top: [1, 2],
      left: [2, 0],
      flipY: [true, true],
      flipX: [false, true],
    };
    // Image 0 rows: first reads −1 + r, second reads 1 + (1 − y) → −1 + 2 − y = 1 − y (flipped, top 0).
    // Image 1 rows: first reads 2 + (3 − r), second reads 2 + (1 − y) → 2 + y (top 2, unflipped).
    expect(composeWindows(first, second)).toEqual({
      height: 2,
      width: 3,
      top: [0, 2],
      left: [0 + 5 - 2 - 3, 1 + 0],
      flipY: [true, false],
      flipX: [true, true],
    });
    expect(composeWindows(first, { ...second, top: [3, 0] })).toBeNull();
    expect(composeWindows(first, { ...second, left: [-1, 0] })).toBeNull();
  });
});
