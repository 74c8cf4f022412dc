import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';
import { tinyData, tinyRecipe } from '../test/tiny-run';
import { train } from './train';

/**
 * P5: a full recipe step (augmentation + mix + label smoothing + AdamW with clipping +
 * one-cycle + EMA) leaks nothing. 200 steps = 20 epochs × 10 steps of 4 images, each epoch
 * also evaluated with the EMA weights swapped in and out.
 */
test('numTensors stays flat over 200 recipe steps, and returns to the start once the model is disposed', async () => {
  const data = await tinyData();
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const result = await train(tinyRecipe({ epochs: 20, batchSize: 4, trainLimit: 40 }), data, {
    seed: 3,
    callbacks: {
      onStep: () => {
        counts.push(tf.memory().numTensors);
      },
    },
  });
  expect(result.steps).toBe(200);
  expect(counts).toHaveLength(200);
  // From the first step on, the live tensors are the model's weights, the optimizer state and
  // the EMA shadow: the same number after every step.
  expect(new Set(counts).size).toBe(1);
  const model = result.model.weights.length;
  // Weights + Adam's two moments per trainable weight (+ a few scalars) + the EMA shadow.
  expect(counts[0]!).toBeGreaterThanOrEqual(
    before + model + 2 * result.model.trainableWeights.length + model,
  );
  // After the run the optimizer and EMA are freed: only the model's weights remain.
  expect(tf.memory().numTensors).toBe(before + model);
  result.model.dispose();
  expect(tf.memory().numTensors).toBe(before);
  for (const v of result.history.loss) expect(Number.isFinite(v)).toBe(true);
});
