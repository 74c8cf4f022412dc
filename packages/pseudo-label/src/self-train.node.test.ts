import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '@tftricks/core';
import { loadFashionMnist, subsetDataset } from '@tftricks/data';
import { describe, expect, it } from 'vitest';
import type { Predictor } from './pseudo-label';
import { selfTrain } from './self-train';
import { targetBatches } from './target-batches';

function dense(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      tfl.layers.dense({
        units: 32,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

describe('selfTrain', () => {
  it('runs one round end to end on the embedded Fashion-MNIST subset, with flat memory', async () => {
    const { train } = await loadFashionMnist({ subset: true });
    const rng = createRng(0);
    const perm = rng.permutation(train.labels.length);
    const labeled = subsetDataset(train, perm.slice(0, 300));
    const unlabeled = subsetDataset(train, perm.slice(300, 900));
    const fit = async (
      model: tfl.LayersModel,
      set: Parameters<typeof targetBatches>[0],
      epochs: number,
    ): Promise<Predictor> => {
      const opt = tf.train.adam(0.01);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      for (let e = 0; e < epochs; e++) {
        for (const b of targetBatches(set, { batchSize: 50, rng })) {
          const loss = opt.minimize(
            () => tf.losses.softmaxCrossEntropy(b.targets, model.apply(b.images) as tf.Tensor2D) as tf.Scalar,
            true,
            vars,
          );
          loss?.dispose();
        }
      }
      opt.dispose();
      return (x) => model.predict(x) as tf.Tensor2D;
    };
    // The teacher: trained on the labeled 300 only.
    const teacherModel = dense(1);
    const oneHot = new Float32Array(300 * 10);
    labeled.labels.forEach((y, i) => (oneHot[i * 10 + y] = 1));
    const teacher = await fit(teacherModel, { dataset: labeled, targets: oneHot }, 5);
    const before = tf.memory().numTensors;
    const students: tfl.LayersModel[] = [];
    const reports: number[] = [];
    const result = await selfTrain({
      teacher,
      labeled,
      unlabeled,
      rounds: 1,
      threshold: 0.8,
      knownLabels: true,
      makeStudent: (r) => {
        const m = dense(10 + r);
        students.push(m);
        return m;
      },
      train: (student, set) => {
        // The student sees the labeled 300 and the kept pseudo-labels.
        expect(set.dataset.labels.length).toBeGreaterThan(300);
        return fit(student, set, 3);
      },
      onRound: (r) => reports.push(r.kept),
    });
    expect(result.rounds).toHaveLength(1);
    const r0 = result.rounds[0]!;
    expect(r0.kept).toBe(reports[0]);
    expect(r0.kept).toBeGreaterThan(0);
    expect(r0.coverage).toBeCloseTo(r0.kept / 600, 10);
    expect(r0.perClassCounts.reduce((a, b) => a + b, 0)).toBe(r0.kept);
    // Confident pseudo-labels are far more accurate than chance (10%).
    expect(r0.pseudoAccuracy!).toBeGreaterThan(0.6);
    // Only the student's weights were added to memory.
    const studentTensors = students[0]!.weights.length;
    expect(tf.memory().numTensors).toBe(before + studentTensors);
    tf.dispose([teacherModel, ...students].flatMap((m) => m.weights.map((w) => w.read())));
  });
});
