import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import type { ImageDataset } from '@tftricks/data';
import { describe, expect, it } from 'vitest';
import { pseudoLabel, selectPseudoLabels } from './pseudo-label';
import { targetBatches } from './target-batches';

// Five samples, three classes: predicted classes 0, 0, 1, 2, 0 with confidences .9 .6 .97 .8 .99
const probs = Float32Array.from([
  0.9, 0.05, 0.05, 0.6, 0.3, 0.1, 0.01, 0.97, 0.02, 0.1, 0.1, 0.8, 0.99, 0.005, 0.005,
]);

describe('selectPseudoLabels', () => {
  it('keeps exactly the samples at or above the threshold, with one-hot targets', () => {
    const r = selectPseudoLabels(probs, 3, { threshold: 0.8 });
    expect(r.indices).toEqual([0, 2, 3, 4]);
    expect(Array.from(r.labels)).toEqual([0, 1, 2, 0]);
    expect(Array.from(r.confidence).map((v) => +v.toFixed(2))).toEqual([0.9, 0.97, 0.8, 0.99]);
    expect(r.perClassCounts).toEqual([2, 1, 1]);
    expect(r.coverage).toBeCloseTo(0.8, 10);
    expect(Array.from(r.targets.subarray(0, 6))).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('per-class thresholds override the global one for the predicted class', () => {
    const r = selectPseudoLabels(probs, 3, { threshold: 0.95, perClassThreshold: [0.95, 0.95, 0.5] });
    expect(r.indices).toEqual([2, 3, 4]);
  });

  it('maxPerClass keeps the most confident; balance caps every class at the rarest count', () => {
    expect(selectPseudoLabels(probs, 3, { threshold: 0.5, maxPerClass: 1 }).indices).toEqual([2, 3, 4]);
    const b = selectPseudoLabels(probs, 3, { threshold: 0.5, balance: true });
    expect(b.perClassCounts).toEqual([1, 1, 1]);
    expect(b.indices).toEqual([2, 3, 4]);
  });

  it('soft targets are the sharpened distribution p^(1/T) / Σ p^(1/T)', () => {
    const r = selectPseudoLabels(probs, 3, { threshold: 0.85, soft: true, temperature: 0.5 });
    const p = [0.9, 0.05, 0.05];
    const z = p.reduce((a, v) => a + v * v, 0);
    p.forEach((v, c) => expect(r.targets[c]).toBeCloseTo((v * v) / z, 5));
    for (let j = 0; j < r.indices.length; j++) {
      const row = r.targets.subarray(j * 3, j * 3 + 3);
      expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
    }
  });

  it('rejects bad options with TricksError', () => {
    expect(() => selectPseudoLabels(probs, 3, { threshold: 1.5 })).toThrow(TricksError);
    expect(() => selectPseudoLabels(probs, 3, { perClassThreshold: [0.5] })).toThrow(/perClassThreshold/);
    expect(() => selectPseudoLabels(probs, 4)).toThrow(/multiple of k/);
  });
});

function toy(n: number): ImageDataset {
  // Image i is filled with value i / n: a "model" that reads the mean can label it.
  const pixels = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) pixels.fill(i / n, i * 4, i * 4 + 4);
  return { pixels, labels: new Int32Array(n), imageShape: [2, 2, 1], numClasses: 2 };
}

describe('pseudoLabel', () => {
  it('labels a dataset through a predictor without leaking', async () => {
    // logits = [−10·(m − 0.5), 10·(m − 0.5)]: dark images → class 0, bright → class 1.
    const predict = (x: tf.Tensor4D) =>
      tf.tidy(() => {
        const m = tf.sub(tf.mean(x, [1, 2, 3]), 0.5);
        return tf.stack([tf.mul(m, -10), tf.mul(m, 10)], 1) as tf.Tensor2D;
      });
    const ds = toy(10);
    const r = await expectNoLeaks(() => pseudoLabel(predict, ds, { threshold: 0.9, batchSize: 3 }));
    // The top probability is sigmoid(20·|m − 0.5|) ≥ 0.9 ⇔ |m − 0.5| ≥ ln 9 / 20 ≈ 0.11: m ∉ {.4, .5, .6}
    expect(r.indices).toEqual([0, 1, 2, 3, 7, 8, 9]);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('targetBatches yields the given rows and disposes as it goes', async () => {
    const ds = toy(5);
    const targets = Float32Array.from([1, 0, 0, 1, 0.3, 0.7, 1, 0, 0.5, 0.5]);
    const rows: number[][] = [];
    await expectNoLeaks(() => {
      for (const b of targetBatches({ dataset: ds, targets }, { batchSize: 2 }))
        rows.push(...(b.targets.arraySync() as number[][]));
    });
    expect(rows.flat().map((v) => +v.toFixed(2))).toEqual(Array.from(targets).map((v) => +v.toFixed(2)));
  });
});
