import * as tf from '@tensorflow/tfjs-core';
import { augment, type MixParams } from '@tftricks/augment';
import { createRng, oneHot } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { tinyRecipe } from '../test/tiny-run';
import { buildRun, disposeRun } from './build-run';

const K = 10;
const labels = [0, 3, 7, 3];

/** Mean over rows of −Σ t · log softmax(logits): the soft-target cross-entropy, by hand. */
function softCrossEntropy(logits: number[][], targets: number[][]): number {
  let sum = 0;
  logits.forEach((row, i) => {
    const max = Math.max(...row);
    const logZ = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    row.forEach((v, k) => {
      sum -= targets[i]![k]! * (v - logZ);
    });
  });
  return sum / logits.length;
}

/** The smoothed one-hot row of `label`: (1 − ε)·y + ε / K. */
const smoothed = (label: number, eps: number) =>
  Array.from({ length: K }, (_, k) => (k === label ? 1 - eps : 0) + eps / K);

function run(overrides: Parameters<typeof tinyRecipe>[0]) {
  return buildRun(tinyRecipe({ augment: undefined, ema: undefined, ...overrides }), {
    imageShape: [8, 8, 1],
    numClasses: K,
    totalUpdates: 10,
    seed: 0,
  });
}

describe('label smoothing has one owner', () => {
  const logits = [
    [0.3, -1, 2, 0, 0.5, 0.1, -0.2, 1.5, 0, 0.7],
    [1, 0, -0.5, 2.5, 0, 0, 0.3, -1, 0.2, 0],
    [-0.4, 0.9, 0, 0, 1.2, 0, 0, 3, -2, 0.1],
    [0, 0, 0.6, 1.1, -0.3, 0, 0.8, 0, 0, -0.6],
  ];

  it('with a mix, the mix smooths by loss.labelSmoothing and the loss does not smooth again', () => {
    const before = tf.memory().numTensors;
    const parts = run({ mix: { type: 'mixup', alpha: 1 }, loss: { labelSmoothing: 0.2 } });
    expect(parts.smoothing).toBe(0);
    const batch = { images: tf.randomUniform([4, 8, 8, 1]) as tf.Tensor4D, targets: oneHot(labels, K) };
    const { batch: mixed, params } = augment(parts.mix!, batch, createRng(3));
    const lam = (params as MixParams).lambda;
    // Smoothed once (ε 0.2), then mixed with the reversed batch.
    const want = labels.map((y, i) => {
      const own = smoothed(y, 0.2);
      const partner = smoothed(labels[labels.length - 1 - i]!, 0.2);
      return own.map((v, k) => lam[i]! * v + (1 - lam[i]!) * partner[k]!);
    });
    const got = mixed.targets.arraySync() as number[][];
    got.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(want[i]![k]!, 6)));
    const l = tf.tensor2d(logits);
    const loss = parts.loss(l, mixed, parts.smoothing);
    expect(loss.dataSync()[0]!).toBeCloseTo(softCrossEntropy(logits, want), 5);
    tf.dispose([batch.images, batch.targets, mixed.images, mixed.targets, l, loss]);
    disposeRun(parts);
    parts.model.dispose();
    // Everything buildRun and the loss made is freed by disposeRun and model.dispose().
    expect(tf.memory().numTensors).toBe(before);
  });

  it("mixupOrCutmix's own default ε (0.1) is not added when the recipe sets no smoothing", () => {
    const parts = run({ mix: { type: 'mixupOrCutmix' }, loss: undefined });
    const batch = { images: tf.zeros([4, 8, 8, 1]) as tf.Tensor4D, targets: oneHot(labels, K) };
    const { batch: mixed } = augment(parts.mix!, batch, createRng(1));
    // Unsmoothed mixtures of two one-hot rows: every class that is neither label gets exactly 0.
    const rows = mixed.targets.arraySync() as number[][];
    rows.forEach((row, i) => {
      row.forEach((v, k) => {
        if (k !== labels[i] && k !== labels[labels.length - 1 - i]) expect(v).toBe(0);
      });
    });
    tf.dispose([batch.images, batch.targets, mixed.images, mixed.targets]);
    disposeRun(parts);
    parts.model.dispose();
  });

  it('without a mix, the loss smooths', () => {
    const parts = run({ mix: undefined, loss: { labelSmoothing: 0.2 } });
    expect(parts.mix).toBeNull();
    expect(parts.smoothing).toBe(0.2);
    const batch = { images: tf.zeros([4, 8, 8, 1]) as tf.Tensor4D, targets: oneHot(labels, K) };
    const l = tf.tensor2d(logits);
    const loss = parts.loss(l, batch, parts.smoothing);
    expect(loss.dataSync()[0]!).toBeCloseTo(
      softCrossEntropy(
        logits,
        labels.map((y) => smoothed(y, 0.2)),
      ),
      5,
    );
    tf.dispose([batch.images, batch.targets, l, loss]);
    disposeRun(parts);
    parts.model.dispose();
  });

  it("disposeRun frees the EMA shadow: only the model's weights remain, then nothing", () => {
    const before = tf.memory().numTensors;
    const parts = run({ ema: { decay: 0.9 } });
    const weights = parts.model.weights.length;
    expect(tf.memory().numTensors).toBe(before + 2 * weights);
    disposeRun(parts);
    expect(tf.memory().numTensors).toBe(before + weights);
    parts.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a refused recipe (an unknown optimizer option) allocates nothing', () => {
    const before = tf.memory().numTensors;
    expect(() => run({ optimizer: { name: 'adamw', learningRate: 0.01, betaOne: 0.9 } })).toThrow(
      /createOptimizer: argument 'options.betaOne'/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
