import * as tf from '@tensorflow/tfjs-core';
import { createRng, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { cutmix } from './cutmix';
import { mixup } from './mixup';
import { mixupOrCutmix } from './mixup-or-cutmix';

const N = 4;
const K = 3;
/** Image i is constant (i + 1) / 8, so every output pixel says which image it came from. */
function makeBatch(h = 8, w = 10) {
  const data = new Float32Array(N * h * w * 3);
  for (let i = 0; i < N; i++) data.fill((i + 1) / 8, i * h * w * 3, (i + 1) * h * w * 3);
  return { images: tf.tensor4d(data, [N, h, w, 3]), targets: oneHot([0, 1, 2, 1], K) };
}

function rowSums(t: tf.Tensor2D): number[] {
  return (t.arraySync() as number[][]).map((r) => r.reduce((a, b) => a + b, 0));
}

describe('mixup', () => {
  it('images are λ·x_i + (1−λ)·x_{N−1−i}; targets likewise; rows sum to 1', async () => {
    const batch = makeBatch();
    const out = await expectNoLeaks(() => augment(mixup({ alpha: 0.4 }), batch, createRng(7)), 'mixup');
    const lam = out.params.lambda[0]!;
    expect(new Set(out.params.lambda).size).toBe(1);
    expect(lam).toBeGreaterThan(0);
    expect(lam).toBeLessThan(1);
    const img = out.batch.images.arraySync() as number[][][][];
    const t = out.batch.targets.arraySync() as number[][];
    const onehot = [0, 1, 2, 1];
    for (let i = 0; i < N; i++) {
      const j = N - 1 - i;
      expect(img[i]![3]![4]![1]).toBeCloseTo(lam * ((i + 1) / 8) + (1 - lam) * ((j + 1) / 8), 6);
      const want = [0, 0, 0];
      want[onehot[i]!]! += lam;
      want[onehot[j]!]! += 1 - lam;
      t[i]!.forEach((v, k) => {
        expect(v).toBeCloseTo(want[k]!, 6);
      });
    }
    rowSums(out.batch.targets).forEach((s) => {
      expect(s).toBeCloseTo(1, 6);
    });
    disposeAll([batch, out.batch]);
  });

  it('label smoothing ε: targets (1−ε)·t + ε/K before mixing; p = 0 leaves images alone', () => {
    const batch = makeBatch();
    const out = augment(mixup({ alpha: 1, labelSmoothing: 0.3, p: 0 }), batch, createRng(1));
    expect(out.params.lambda).toEqual([1, 1, 1, 1]);
    expect(Array.from(out.batch.images.dataSync())).toEqual(Array.from(batch.images.dataSync()));
    const row = (out.batch.targets.arraySync() as number[][])[0]!;
    expect(row[0]).toBeCloseTo(0.7 + 0.1, 6);
    expect(row[1]).toBeCloseTo(0.1, 6);
    disposeAll([batch, out.batch]);
  });

  it('the same seed replays; bad options and mismatched targets are refused', () => {
    const batch = makeBatch();
    const a = augment(mixup({ mode: 'elem' }), batch, createRng(3));
    const b = augment(mixup({ mode: 'elem' }), batch, createRng(3));
    expect(a.params).toEqual(b.params);
    expect(new Set(a.params.lambda).size).toBe(N);
    expect(() => mixup({ alpha: 0 })).toThrow(/mixup: argument 'options.alpha'/);
    expect(() => mixup({ labelSmoothing: 2 })).toThrow(TricksError);
    const short = oneHot([0, 1], K);
    expect(() => augment(mixup(), { images: batch.images, targets: short }, createRng(0))).toThrow(
      /batch.targets/,
    );
    disposeAll([batch, a.batch, b.batch, short]);
  });
});

describe('cutmix', () => {
  it('λ equals the exact fraction of own pixels; targets follow it; rows sum to 1', async () => {
    for (const mode of ['batch', 'elem'] as const) {
      const batch = makeBatch();
      const out = await expectNoLeaks(
        () => augment(cutmix({ alpha: 1, mode }), batch, createRng(12)),
        'cutmix',
      );
      const img = out.batch.images.arraySync() as number[][][][];
      for (let i = 0; i < N; i++) {
        let own = 0;
        let other = 0;
        for (const row of img[i]!) {
          for (const px of row) {
            if (Math.abs(px[0]! - (i + 1) / 8) < 1e-7) own++;
            else if (Math.abs(px[0]! - (N - i) / 8) < 1e-7) other++;
          }
        }
        expect(own + other).toBe(80);
        expect(out.params.lambda[i]).toBeCloseTo(own / 80, 10);
        expect(out.params.cutmix[i]).toBe(true);
      }
      const t = out.batch.targets.arraySync() as number[][];
      expect(t[0]![0]).toBeCloseTo(out.params.lambda[0]!, 6);
      rowSums(out.batch.targets).forEach((s) => {
        expect(s).toBeCloseTo(1, 6);
      });
      disposeAll([batch, out.batch]);
    }
  });

  it('minMax draws side fractions in range; pair mode shares λ within each pair', () => {
    const batch = makeBatch();
    const out = augment(cutmix({ minMax: [0.2, 0.5], mode: 'pair' }), batch, createRng(4));
    for (const box of out.params.boxes) {
      expect(box!.height).toBeGreaterThanOrEqual(1);
      expect(box!.height).toBeLessThan(4);
      expect(box!.width).toBeGreaterThanOrEqual(2);
      expect(box!.width).toBeLessThan(5);
    }
    expect(out.params.lambda[0]).toBe(out.params.lambda[3]);
    expect(out.params.lambda[1]).toBe(out.params.lambda[2]);
    expect(() => cutmix({ minMax: [0.5, 0.2] })).toThrow(/options.minMax/);
    // A replayed box that leaves the image would paste into the neighbour's rows: refused.
    const [h] = batch.images.shape.slice(1);
    const bad = { ...out.params, boxes: out.params.boxes.map((b) => ({ ...b!, top: h! - b!.height + 1 })) };
    expect(() => cutmix().apply(batch, bad)).toThrow(/cutmix: argument 'params.boxes\[0\]'/);
    disposeAll([batch, out.batch]);
  });
});

describe('mixupOrCutmix', () => {
  it('elem mode mixes each image by its own choice; switchProb 1 is all cutmix, 0 all mixup', async () => {
    const batch = makeBatch();
    const both = await expectNoLeaks(
      () =>
        augment(
          mixupOrCutmix({ mixupAlpha: 0.8, cutmixAlpha: 1, mode: 'elem', labelSmoothing: 0 }),
          batch,
          createRng(31),
        ),
      'mixupOrCutmix',
    );
    rowSums(both.batch.targets).forEach((s) => {
      expect(s).toBeCloseTo(1, 6);
    });
    const allCut = augment(
      mixupOrCutmix({ mixupAlpha: 0.8, cutmixAlpha: 1, switchProb: 1, mode: 'elem' }),
      batch,
      createRng(1),
    );
    const allMix = augment(
      mixupOrCutmix({ mixupAlpha: 0.8, cutmixAlpha: 1, switchProb: 0, mode: 'elem' }),
      batch,
      createRng(1),
    );
    expect(allCut.params.cutmix.every(Boolean)).toBe(true);
    expect(allMix.params.cutmix.some(Boolean)).toBe(false);
    // timm's default label smoothing is 0.1.
    expect(allMix.params.labelSmoothing).toBe(0.1);
    const v = Array.from(both.batch.images.dataSync());
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(() => mixupOrCutmix({ mixupAlpha: 0, cutmixAlpha: 0 })).toThrow(TricksError);
    expect(() => mixupOrCutmix({ switchProb: -0.1 })).toThrow(/options.switchProb/);
    disposeAll([batch, both.batch, allCut.batch, allMix.batch]);
  });
});
