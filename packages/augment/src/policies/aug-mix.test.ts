import g from '@golden/augment/policies.json';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { augMix, augMixViews } from './aug-mix';
import { applyPolicyOp } from './policy-ops';

const rgb = tf.tensor4d(g.rgb.data, g.rgb.shape as [number, number, number, number]);
const gray = tf.tensor4d(g.gray.data, g.gray.shape as [number, number, number, number]);
const targets = tf.tensor2d([1, 0, 0, 1], [2, 2]);
afterAll(() => disposeAll([rgb, gray, targets]));
const WARP = { interpolation: 'bilinear', fill: 0 } as const;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('augMix', () => {
  it('jsd: [clean; view1; view2], each view = m·x + Σ w_i chain_i(x), rebuilt image by image', async () => {
    const aug = augMix({ severity: 5, width: 2 });
    const out = await expectNoLeaks(() => augment(aug, { images: rgb, targets }, createRng(2)), 'augMix');
    expect(out.batch.images.shape).toEqual([6, 8, 8, 3]);
    expect(Array.from(out.batch.targets.dataSync())).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
    const { mix, weights, chains } = out.params;
    expect(mix.length).toBe(4);
    const got = out.batch.images.dataSync();
    const per = 8 * 8 * 3;
    expect(maxDiff(got.slice(0, 2 * per), rgb.dataSync())).toBe(0);
    // Independent rebuild: every image alone through its ops (no grouping), mixed on the CPU.
    for (let j = 0; j < 4; j++) {
      const src = tf.slice(rgb, [j % 2, 0, 0, 0], [1, 8, 8, 3]);
      const x = src.dataSync();
      const want = Array.from(x, (v) => v * mix[j]!);
      chains.forEach((stages, c) => {
        let img = tf.clone(src);
        for (const s of stages) {
          const next = applyPolicyOp(img, s.ops[j]!, [s.magnitudes[j]!], WARP);
          img.dispose();
          img = next;
        }
        img.dataSync().forEach((v, i) => {
          want[i]! += weights[j]![c]! * v;
        });
        img.dispose();
      });
      expect(mix[j]! + weights[j]!.reduce((a, b) => a + b), 'convex').toBeCloseTo(1, 10);
      expect(maxDiff(got.slice((2 + j) * per, (3 + j) * per), want), `view image ${j}`).toBeLessThanOrEqual(
        1e-5,
      );
      src.dispose();
    }
    const replay = aug.apply({ images: rgb, targets }, JSON.parse(JSON.stringify(out.params)));
    expect(maxDiff(replay.images.dataSync(), got)).toBe(0);
    const { clean, views } = await expectNoLeaks(() => augMixViews(out.batch), 'augMixViews');
    expect(maxDiff(clean.images.dataSync(), rgb.dataSync())).toBe(0);
    expect(maxDiff(views[1].images.dataSync(), got.slice(4 * per))).toBe(0);
    disposeAll([out.batch, replay, clean, views[0], views[1]]);
  });

  it('sampling: depth 1–3, severity bins, Beta(α, α) mix and Dirichlet weights', () => {
    const p = augMix({ jsd: false, width: 3, severity: 2 }).sample(createRng(7), 3000, [8, 8, 1]);
    const mean = p.mix.reduce((a, b) => a + b, 0) / p.mix.length;
    const variance = p.mix.reduce((a, b) => a + (b - mean) ** 2, 0) / p.mix.length;
    // Beta(1, 1) is uniform: mean 1/2, variance 1/12.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.006);
    // Depth: the third stage is used by about a third of the chains, the first by all.
    const used = (k: number) => p.chains[0]![k]!.ops.filter((o) => o !== 'Identity').length / 3000;
    expect(used(0)).toBe(1);
    expect(Math.abs(used(2) - 1 / 3)).toBeLessThan(0.04);
    // Severity 2: only bins 0 and 1 (Rotate 0° or ±3.33°).
    const rot = p.chains.flatMap((c) =>
      c.flatMap((s) => s.magnitudes.filter((_, i) => s.ops[i] === 'Rotate')),
    );
    expect(new Set(rot.map((v) => Math.abs(v).toFixed(3)))).toEqual(new Set(['0.000', '3.333']));
    // Posterize at severity ≤ 2 keeps 4 bits.
    const post = p.chains.flatMap((c) =>
      c.flatMap((s) => s.magnitudes.filter((_, i) => s.ops[i] === 'Posterize')),
    );
    expect(new Set(post)).toEqual(new Set([4]));
  });

  it('jsd false: N images; gray images; 0-bit posterize is black; bad input throws', async () => {
    const aug = augMix({ jsd: false, severity: 10, allOps: false });
    const one = tf.tensor2d([1], [1, 1]);
    const out = await expectNoLeaks(() => augment(aug, { images: gray, targets: one }, createRng(3)), 'gray');
    expect(out.batch.images.shape).toEqual([1, 8, 8, 1]);
    const black = applyPolicyOp(gray, 'Posterize', [0], WARP);
    expect(Math.max(...black.dataSync())).toBe(0);
    expect(() => augMix({ severity: 11 })).toThrow(/augMix: argument 'options.severity'/);
    expect(() => augMix({ alpha: 0 })).toThrow(TricksError);
    expect(() => augMix({ depth: 0 })).toThrow(TricksError);
    expect(() => augMix().apply({ images: rgb, targets }, { mix: [0.5], weights: [], chains: [] })).toThrow(
      TricksError,
    );
    expect(() => augMixViews({ images: rgb, targets })).toThrow(/3N/);
    disposeAll([out.batch, black, one]);
  });
});
