import g from '@golden/augment/policies.json';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { autoAugment, autoAugmentPolicy } from './auto-augment';
import {
  applyPolicyOp,
  applyStage,
  augMixSpace,
  autoAugmentSpace,
  isGeometric,
  type MagnitudeSpace,
  type PolicyOpName,
  trivialAugmentWideSpace,
} from './policy-ops';
import { randAugment } from './rand-augment';
import { trivialAugmentWide } from './trivial-augment-wide';

const rgb = tf.tensor4d(g.rgb.data, g.rgb.shape as [number, number, number, number]);
const gray = tf.tensor4d(g.gray.data, g.gray.shape as [number, number, number, number]);
const targets2 = tf.tensor2d([1, 0, 0, 1], [2, 2]);
afterAll(() => disposeAll([rgb, gray, targets2]));
const WARP = { interpolation: 'nearest', fill: 0 } as const;
const BILINEAR = { interpolation: 'bilinear', fill: 0 } as const;
const [H, W] = g.imageSize as [number, number];

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
/** Max error over pixels at least one pixel away from the border ([N, H, W, C] flat). */
function interiorDiff(a: ArrayLike<number>, b: ArrayLike<number>, c: number): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.floor(i / c) % W;
    const y = Math.floor(i / (c * W)) % H;
    if (x === 0 || y === 0 || x === W - 1 || y === H - 1) continue;
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
  }
  return m;
}
function matchFraction(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) <= 2 / 255) k++;
  return k / a.length;
}

function expectSpace(
  ours: MagnitudeSpace,
  golden: Record<string, { signed: boolean; magnitudes: number[] | null }>,
) {
  expect(Object.keys(ours)).toEqual(Object.keys(golden));
  for (const [op, want] of Object.entries(golden)) {
    const got = ours[op as PolicyOpName]!;
    expect(got.signed, op).toBe(want.signed);
    if (want.magnitudes === null) expect(got.magnitudes, op).toBeNull();
    else {
      expect(got.magnitudes!.length, op).toBe(want.magnitudes.length);
      got.magnitudes!.forEach((v, i) => {
        expect(Math.abs(v - want.magnitudes![i]!), `${op}[${i}]`).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(v)),
        );
      });
    }
  }
}

describe('policy tables vs torchvision 0.14', () => {
  it('AutoAugment imagenet / cifar10 / svhn: same sub-policies, probabilities, magnitude bins', () => {
    for (const name of ['imagenet', 'cifar10', 'svhn'] as const) {
      const ours = autoAugmentPolicy(name);
      const want = g.policies[name];
      expect(ours.numBins).toBe(10);
      expect(ours.subPolicies.length).toBe(want.length);
      expect(ours.subPolicies.map((s) => s.map((st) => [st.op, st.p, st.magnitude]))).toEqual(want);
    }
  });

  it('magnitude tables (_augmentation_space) of every policy, value per bin', () => {
    expectSpace(autoAugmentSpace(10, H, W), g.spaces.autoAugment);
    expectSpace(autoAugmentSpace(31, H, W, true), g.spaces.randAugment);
    expectSpace(autoAugmentSpace(10, H, W, true), g.spaces.randAugment10);
    expectSpace(trivialAugmentWideSpace(31), g.spaces.trivialAugmentWide);
    expectSpace(augMixSpace(10, H, W, true), g.spaces.augMix);
    expectSpace(augMixSpace(10, H, W, false), g.spaces.augMixColorOff);
  });
});

describe('each op at a magnitude = torchvision _apply_op', () => {
  for (const c of g.ops) {
    const op = c.op as PolicyOpName;
    it(`${op}(${c.magnitude})`, async () => {
      for (const [x, want, wantBilinear] of [
        [rgb, c.rgb, (c as { rgbBilinear?: number[] }).rgbBilinear],
        [gray, c.gray, (c as { grayBilinear?: number[] }).grayBilinear],
      ] as const) {
        const n = x.shape[0];
        const ch = x.shape[3];
        const mags = new Array<number>(n).fill(c.magnitude);
        const y = await expectNoLeaks(() => applyPolicyOp(x, op, mags, WARP), op);
        expect(y.shape).toEqual(x.shape);
        if (!isGeometric(op)) {
          expect(maxDiff(y.dataSync(), want), `${op} C=${ch}`).toBeLessThanOrEqual(1 / 255 + 1e-6);
        } else {
          // Nearest: shears put whole rows exactly on pixel boundaries (0.2 · 2.5 = 0.5), where
          // torch rounds half to even and tf.image.transform half up; bilinear is the tight check.
          expect(matchFraction(y.dataSync(), want), `${op} nearest C=${ch}`).toBeGreaterThanOrEqual(0.85);
          const yb = applyPolicyOp(x, op, mags, BILINEAR);
          expect(
            interiorDiff(yb.dataSync(), wantBilinear!, ch),
            `${op} bilinear C=${ch}`,
          ).toBeLessThanOrEqual(2 / 255);
          yb.dispose();
        }
        y.dispose();
      }
    });
  }

  it('a mixed stage (one op per image, grouped) equals each op on its own image', async () => {
    const ops: PolicyOpName[] = ['Rotate', 'Solarize'];
    const mags = [17, 100];
    const y = await expectNoLeaks(() => applyStage(rgb, { ops, magnitudes: mags }, WARP), 'applyStage');
    const a = applyPolicyOp(rgb, 'Rotate', [17, 17], WARP);
    const b = applyPolicyOp(rgb, 'Solarize', [100, 100], WARP);
    const per = 8 * 8 * 3;
    expect(maxDiff(y.dataSync().slice(0, per), a.dataSync().slice(0, per))).toBe(0);
    expect(maxDiff(y.dataSync().slice(per), b.dataSync().slice(per))).toBe(0);
    const id = applyStage(rgb, { ops: ['Identity', 'Identity'], magnitudes: [0, 0] }, WARP);
    expect(maxDiff(id.dataSync(), rgb.dataSync())).toBe(0);
    disposeAll([y, a, b, id]);
  });
});

/** Chi-square statistic of counts against the uniform distribution. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((s, v) => s + v, 0);
  const e = total / counts.length;
  return counts.reduce((s, v) => s + (v - e) ** 2 / e, 0);
}
// 99.9% quantile of chi-square with 13 degrees of freedom (14 ops).
const CHI2_13_999 = 34.53;

describe('op distributions', () => {
  it('randAugment picks each of the 14 ops uniformly (chi-square, 14 000 draws)', () => {
    const p = randAugment({ n: 2 }).sample(createRng(3), 7000, [8, 8, 3]);
    const names = Object.keys(autoAugmentSpace(31, 8, 8, true));
    expect(names.length).toBe(14);
    const counts = names.map((op) => p.stages.flatMap((s) => s.ops).filter((o) => o === op).length);
    expect(counts.reduce((a, b) => a + b)).toBe(14000);
    expect(chiSquare(counts)).toBeLessThan(CHI2_13_999);
    // Signed ops: about half negative.
    const rot = p.stages.flatMap((s) => s.magnitudes.filter((_, i) => s.ops[i] === 'Rotate'));
    const neg = rot.filter((m) => m < 0).length / rot.length;
    expect(Math.abs(neg - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / rot.length));
    // Without noise every magnitude is the bin-9 value.
    expect(new Set(rot.map(Math.abs))).toEqual(
      new Set([autoAugmentSpace(31, 8, 8, true).Rotate!.magnitudes![9]]),
    );
  });

  it('trivialAugmentWide: uniform ops and uniform magnitude bins', () => {
    const p = trivialAugmentWide().sample(createRng(4), 14000, [8, 8, 1]);
    const space = trivialAugmentWideSpace(31);
    const counts = Object.keys(space).map((op) => p.stages[0]!.ops.filter((o) => o === op).length);
    expect(chiSquare(counts)).toBeLessThan(CHI2_13_999);
    const table = space.Rotate!.magnitudes!;
    const bins = new Array<number>(31).fill(0);
    p.stages[0]!.ops.forEach((o, i) => {
      if (o === 'Rotate') bins[table.indexOf(Math.abs(p.stages[0]!.magnitudes[i]!))]! += 1;
    });
    // 99.9% quantile of chi-square with 30 degrees of freedom.
    expect(chiSquare(bins)).toBeLessThan(59.7);
  });

  it('autoAugment: sub-policies uniform, each step applied with its probability', () => {
    const p = autoAugment({ policy: 'cifar10' }).sample(createRng(5), 25000, [8, 8, 3]);
    const counts = new Array<number>(25).fill(0);
    for (const k of p.subPolicy) counts[k]! += 1;
    // 99.9% quantile of chi-square with 24 degrees of freedom.
    expect(chiSquare(counts)).toBeLessThan(51.2);
    const table = autoAugmentPolicy('cifar10').subPolicies;
    // Sub-policy 0 of cifar10 is (Invert 0.1, Contrast 0.2 @ 6).
    const idx = p.subPolicy.flatMap((k, i) => (k === 0 ? [i] : []));
    const rate = idx.filter((i) => p.stages[0]!.ops[i] === table[0]![0]!.op).length / idx.length;
    expect(Math.abs(rate - table[0]![0]!.p)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / idx.length));
  });

  it('randAugment magnitudeStd draws noisy bins within [0, bins − 1]', () => {
    const p = randAugment({ n: 1, m: 15, magnitudeStd: 5 }).sample(createRng(6), 4000, [8, 8, 3]);
    const max = autoAugmentSpace(31, 8, 8, true).Rotate!.magnitudes![30]!;
    const rot = p.stages[0]!.magnitudes.filter((_, i) => p.stages[0]!.ops[i] === 'Rotate').map(Math.abs);
    const mean = rot.reduce((a, b) => a + b, 0) / rot.length;
    expect(Math.abs(mean - 15)).toBeLessThan(1.5);
    expect(Math.max(...rot)).toBeLessThanOrEqual(max);
    expect(new Set(rot).size).toBeGreaterThan(50);
  });
});

describe('policy augmentations', () => {
  for (const [name, aug] of [
    ['autoAugment', autoAugment({ policy: 'svhn' })],
    ['randAugment', randAugment({ n: 2, m: 20 })],
    ['trivialAugmentWide', trivialAugmentWide()],
  ] as const) {
    it(`${name}: seeded, replayable, leak-free, gray and RGB`, async () => {
      const batch = { images: rgb, targets: targets2 };
      const out = await expectNoLeaks(() => augment(aug, batch, createRng(9)), name);
      const again = augment(aug, batch, createRng(9));
      expect(again.params).toEqual(out.params);
      const replay = aug.apply(batch, JSON.parse(JSON.stringify(out.params)));
      expect(maxDiff(replay.images.dataSync(), out.batch.images.dataSync())).toBe(0);
      expect(Array.from(out.batch.targets.dataSync())).toEqual(Array.from(targets2.dataSync()));
      const grayBatch = { images: gray, targets: tf.tensor2d([1], [1, 1]) };
      const g1 = augment(aug, grayBatch, createRng(10));
      expect(g1.batch.images.shape).toEqual(gray.shape);
      disposeAll([out.batch, again.batch, replay, g1.batch, grayBatch.targets]);
    });
  }

  it('a custom policy with a single certain op equals that op', () => {
    const aug = autoAugment({ policy: { subPolicies: [[{ op: 'Rotate', p: 1, magnitude: 9 }]] } });
    const out = augment(aug, { images: rgb, targets: targets2 }, createRng(1));
    const m = out.params.stages[0]!.magnitudes;
    expect(m.map(Math.abs)).toEqual([30, 30]);
    const want = applyPolicyOp(rgb, 'Rotate', m, WARP);
    expect(maxDiff(out.batch.images.dataSync(), want.dataSync())).toBe(0);
    disposeAll([out.batch, want]);
  });

  it('rejects bad options and params with TricksError', () => {
    expect(() => autoAugment({ policy: 'mnist' as 'svhn' })).toThrow(
      /autoAugment: argument 'options.policy'/,
    );
    expect(() =>
      autoAugment({ policy: { subPolicies: [[{ op: 'Rotate', p: 1.5, magnitude: 3 }]] } }),
    ).toThrow(TricksError);
    expect(() => autoAugment({ policy: { subPolicies: [[{ op: 'Rotate', p: 1, magnitude: 10 }]] } })).toThrow(
      /numBins/,
    );
    expect(() =>
      autoAugment({ policy: { subPolicies: [[{ op: 'Blur' as 'Rotate', p: 1, magnitude: 1 }]] } }),
    ).toThrow(TricksError);
    expect(() => randAugment({ m: 31 })).toThrow(/randAugment: argument 'options.m'/);
    expect(() => randAugment({ n: -1 })).toThrow(TricksError);
    expect(() => randAugment({ magnitudeStd: -1 })).toThrow(TricksError);
    expect(() => trivialAugmentWide({ interpolation: 'cubic' as 'nearest' })).toThrow(TricksError);
    const aug = randAugment();
    expect(() =>
      aug.apply({ images: rgb, targets: targets2 }, { stages: [{ ops: ['Rotate'], magnitudes: [1] }] }),
    ).toThrow(TricksError);
    expect(() =>
      aug.apply(
        { images: rgb, targets: targets2 },
        { stages: [{ ops: ['Zoom' as 'Rotate', 'Rotate'], magnitudes: [1, 1] }] },
      ),
    ).toThrow(/params.stages\[0\].ops\[0\]/);
  });
});
