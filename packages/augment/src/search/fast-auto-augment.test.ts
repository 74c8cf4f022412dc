import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Images, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { autoAugment } from '../policies/auto-augment';
import { fastAutoAugment } from './fast-auto-augment';
import { randomPoint, type TpeDimension, type TpeObservation, tpeSuggest } from './tpe-search';

// 16 images 8×8×1: class 0 bright on the left half, class 1 bright on the right half.
const N = 16;
const rng0 = createRng(31);
const labels = Array.from({ length: N }, (_, i) => i % 2);
const pixels: number[] = [];
for (let i = 0; i < N; i++)
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++)
      pixels.push(x < 4 === (labels[i] === 0) ? 0.6 + 0.3 * rng0.uniform() : 0.1 * rng0.uniform());
const images = tf.tensor4d(pixels, [N, 8, 8, 1]) as Images;
afterAll(() => images.dispose());

/** A fixed "trained" model: softmax of 8 · (left mean − right mean, right − left). */
const model = (x: Images) =>
  tf.tidy(() => {
    const left = tf.mean(tf.slice(x, [0, 0, 0, 0], [-1, -1, 4, -1]), [1, 2, 3]);
    const right = tf.mean(tf.slice(x, [0, 0, 4, 0], [-1, -1, 4, -1]), [1, 2, 3]);
    const d = tf.mul(tf.sub(left, right), 8);
    return tf.softmax(tf.stack([d, tf.neg(d)], 1)) as tf.Tensor2D;
  });
const folds = [
  {
    train: labels.map((_, i) => i).filter((i) => i % 4 < 2),
    validation: labels.map((_, i) => i).filter((i) => i % 4 >= 2),
  },
  {
    train: labels.map((_, i) => i).filter((i) => i % 4 >= 2),
    validation: labels.map((_, i) => i).filter((i) => i % 4 < 2),
  },
];

describe('tpeSuggest', () => {
  it('beats random search on a known objective with the same seed and budget', () => {
    const space: TpeDimension[] = [{ kind: 'categorical', n: 10 }, { kind: 'uniform' }, { kind: 'uniform' }];
    const f = (x: number[]) => (x[0] === 3 ? 0 : 1) + (x[1]! - 0.7) ** 2 + (x[2]! - 0.2) ** 2;
    const run = (useTpe: boolean) => {
      const rng = createRng(5);
      const obs: TpeObservation[] = [];
      for (let t = 0; t < 60; t++) {
        const x = useTpe ? tpeSuggest(rng, space, obs) : randomPoint(rng, space);
        obs.push({ x, loss: f(x) });
      }
      return obs.map((o) => o.loss);
    };
    const tpe = run(true);
    const random = run(false);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // After the 10 random start-up trials TPE samples near the optimum far more often.
    expect(mean(tpe.slice(30))).toBeLessThan(0.5 * mean(random.slice(30)));
    expect(Math.min(...tpe)).toBeLessThanOrEqual(Math.min(...random));
    expect(run(true)).toEqual(tpe);
  });
});

describe('fastAutoAugment', () => {
  it('searches per fold with given models, merges the top N, and replays deterministically', async () => {
    const progress: number[] = [];
    const run = () =>
      fastAutoAugment({
        images,
        labels,
        numClasses: 2,
        folds,
        models: [model, model],
        trials: 24,
        topN: 3,
        subPolicies: 2,
        rng: createRng(8),
        onProgress: (p) => progress.push(p.trial),
      });
    const result = await expectNoLeaks(run, 'fastAutoAugment');
    expect(progress.length).toBe(48);
    expect(result.folds.length).toBe(2);
    expect(result.policy.subPolicies.length).toBe(2 * 3 * 2);
    expect(result.folds[0]!.baselineAccuracy).toBe(1);
    for (const fold of result.folds) {
      expect(fold.trials.length).toBe(24);
      for (const t of fold.trials) expect(t.accuracy).toBeGreaterThanOrEqual(0);
    }
    // The merged policy is the sub-policies of each fold's 3 lowest-loss trials.
    const best = [...result.folds[0]!.trials].sort((a, b) => a.loss - b.loss).slice(0, 3);
    expect(result.policy.subPolicies.slice(0, 6)).toEqual(best.flatMap((t) => t.subPolicies));
    // Invert flips this model's decision: the chosen policies use it less than the trials did.
    const invertRate = (subs: { op: string; p: number }[][]) => {
      const steps = subs.flat();
      return steps.filter((s) => s.op === 'Invert').reduce((a, s) => a + s.p, 0) / steps.length;
    };
    const all = result.folds.flatMap((f) => f.trials.flatMap((t) => t.subPolicies));
    expect(invertRate(result.policy.subPolicies)).toBeLessThanOrEqual(invertRate(all));
    // Same seed, same search; the policy is JSON and works in autoAugment.
    const again = await run();
    expect(again.policy).toEqual(result.policy);
    const aug = autoAugment({ policy: JSON.parse(JSON.stringify(result.policy)) });
    const t = tf.zeros([N, 1]) as tf.Tensor2D;
    const out = augment(aug, { images, targets: t }, createRng(1));
    expect(out.batch.images.shape).toEqual([N, 8, 8, 1]);
    disposeAll([t, out.batch]);
  });

  it('trains one model per fold on D_M (one-hot targets) through the callback; time budget', async () => {
    const sizes: number[][] = [];
    const result = await fastAutoAugment({
      images,
      labels,
      numClasses: 2,
      folds,
      train: (batch, fold) => {
        sizes.push([fold, ...batch.images.shape, ...batch.targets.shape]);
        return model;
      },
      trials: 3,
      topN: 1,
      rng: createRng(2),
    });
    expect(sizes).toEqual([
      [0, 8, 8, 8, 1, 8, 2],
      [1, 8, 8, 8, 1, 8, 2],
    ]);
    expect(result.policy.subPolicies.length).toBe(2 * 5);
    expect(result.stoppedByBudget).toBe(false);
  });

  it('rejects bad options with TricksError', async () => {
    const base = { images, labels, numClasses: 2, folds, models: [model, model], rng: createRng(0) };
    await expect(fastAutoAugment({ ...base, models: [model] })).rejects.toThrow(/options.models/);
    await expect(fastAutoAugment({ ...base, labels: labels.map(() => 5) })).rejects.toThrow(TricksError);
    await expect(fastAutoAugment({ ...base, folds: [{ train: [0], validation: [99] }] })).rejects.toThrow(
      /folds\[0\].validation/,
    );
    await expect(fastAutoAugment({ ...base, models: undefined })).rejects.toThrow(/options.train/);
    await expect(fastAutoAugment({ ...base, ops: ['Blur' as 'Invert'] })).rejects.toThrow(/options.ops/);
    await expect(fastAutoAugment({ ...base, trials: 0 })).rejects.toThrow(/options.trials/);
  });
});
