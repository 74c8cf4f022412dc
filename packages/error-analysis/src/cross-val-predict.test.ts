import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { crossValPredict } from './cross-val-predict';

// Three folds over 9 samples, in the shape of @tftricks/data's kFold.
const folds = [0, 1, 2].map((f) => ({
  validation: [f, f + 3, f + 6],
  train: [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((i) => i % 3 !== f),
}));

describe('crossValPredict', () => {
  it('puts each fold’s predictions at its validation indices, trained without them', async () => {
    const trainedOn: number[][] = [];
    const probs = await expectNoLeaks(
      () =>
        crossValPredict(9, folds, (trainIdx, fold) => {
          trainedOn.push(trainIdx);
          // A "model" that predicts class = fold with p 0.9, as a tensor (disposed by crossValPredict).
          return (idx) =>
            tf.tensor2d(idx.map(() => (fold === 0 ? [0.9, 0.1] : fold === 1 ? [0.1, 0.9] : [0.5, 0.5])));
        }),
      'crossValPredict',
    );
    expect(probs.shape).toEqual([9, 2]);
    const rows = (await probs.array()) as number[][];
    probs.dispose();
    for (let i = 0; i < 9; i++) expect(rows[i]![0]).toBeCloseTo([0.9, 0.1, 0.5][i % 3]!, 6);
    trainedOn.forEach((t, f) => {
      expect(t.some((i) => i % 3 === f)).toBe(false);
    });
  });

  it('refuses folds that do not partition the samples, and bad predictions', async () => {
    const predictor = () => (idx: number[]) => idx.map(() => [0.5, 0.5]);
    await expect(crossValPredict(10, folds, predictor)).rejects.toThrow(
      "crossValPredict: argument 'folds' expected validation sets covering all 10 samples, got index 9 in no validation set",
    );
    const overlap = [folds[0]!, { train: [], validation: [0, 1] }, folds[2]!];
    await expect(crossValPredict(9, overlap, predictor)).rejects.toThrow(/do not overlap/);
    await expect(crossValPredict(9, [folds[0]!], predictor)).rejects.toThrow(TricksError);
    await expect(
      crossValPredict(9, folds, () => (idx: number[]) => idx.map(() => [0.5, 0.6])),
    ).rejects.toThrow(/summing to 1/);
    await expect(crossValPredict(9, folds, () => () => [[0.5, 0.5]])).rejects.toThrow(/expected 3 rows/);
  });
});
