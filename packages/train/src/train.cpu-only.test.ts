import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { tinyData, tinyRecipe } from '../test/tiny-run';
import type { Checkpoint } from './checkpoint';
import type { Recipe } from './recipe';
import { train } from './train';
import type { RunResult, TrainData, TrainOptions } from './train-options';

let data: TrainData;
let uninterrupted: { weights: Float32Array[]; result: RunResult };

/** The run's final weights as plain arrays (the model is disposed). */
function finish(result: RunResult): Float32Array[] {
  const weights = result.model.getWeights().map((w) => w.dataSync() as Float32Array);
  result.model.dispose();
  return weights;
}

/** Trains and aborts right after optimizer step `stopAt`, as Ctrl-C does; returns the run and its last checkpoint. */
async function trainUntil(recipe: Recipe, stopAt: number, options: Partial<TrainOptions> = {}) {
  const stop = new AbortController();
  let saved: string | null = null;
  const run = await train(recipe, data, {
    seed: 7,
    ...options,
    signal: stop.signal,
    callbacks: {
      onStep: ({ step }) => {
        if (step === stopAt) stop.abort();
      },
    },
    saveCheckpoint: async (cp) => {
      saved = JSON.stringify(cp);
    },
  });
  return { run, checkpoint: saved === null ? null : (JSON.parse(saved) as Checkpoint) };
}

beforeAll(async () => {
  data = await tinyData();
  const result = await train(tinyRecipe(), data, { seed: 7 });
  uninterrupted = { weights: finish(result), result };
});

describe('train resume (cpu, bit-exact)', () => {
  test('the uninterrupted run takes 2 epochs × 4 steps and reports every step and epoch', async () => {
    const { result } = uninterrupted;
    expect(result.steps).toBe(8);
    expect(result.interrupted).toBe(false);
    expect(result.history.loss).toHaveLength(2);
    expect(result.history.valAccuracy).toHaveLength(2);
    for (const v of result.history.loss) expect(Number.isFinite(v)).toBe(true);
    const events: string[] = [];
    const again = await train(tinyRecipe(), data, {
      seed: 7,
      label: 'again',
      callbacks: {
        onRunStart: (r) => {
          events.push(`start ${r.label} ${r.epochs}×${r.stepsPerEpoch}`);
        },
        onStep: (s) => {
          events.push(`step ${s.step}`);
        },
        onEpoch: (e) => {
          events.push(`epoch ${e.epoch} ${e.valAccuracy === e.history.valAccuracy[e.epoch]}`);
        },
      },
    });
    expect(events).toEqual([
      'start again 2×4',
      ...[1, 2, 3, 4].map((s) => `step ${s}`),
      'epoch 0 true',
      ...[5, 6, 7, 8].map((s) => `step ${s}`),
      'epoch 1 true',
    ]);
    // Same seed, same run.
    expect(again.history).toEqual(result.history);
    again.model.dispose();
  });

  // Mid-epoch (3), at an epoch boundary (4) and one step before the end (7).
  test.each([3, 4, 7])(
    'aborting after %i steps, saving to JSON and resuming gives identical weights',
    async (stopAt) => {
      const { run: first, checkpoint } = await trainUntil(tinyRecipe(), stopAt);
      expect(first.interrupted).toBe(true);
      expect(first.steps).toBe(stopAt);
      first.model.dispose();
      expect(checkpoint).not.toBeNull();
      expect(checkpoint!.epoch * 4 + checkpoint!.stepInEpoch).toBe(stopAt);

      const resumed = await train(tinyRecipe(), data, { seed: 7, resume: checkpoint! });
      expect(resumed.interrupted).toBe(false);
      expect(resumed.steps).toBe(8);
      expect(resumed.history).toEqual(uninterrupted.result.history);
      const weights = finish(resumed);
      expect(weights.length).toBe(uninterrupted.weights.length);
      weights.forEach((w, i) => {
        // Bit-identical: compare the raw float32 bits, not approximately.
        expect(new Uint32Array(w.buffer, w.byteOffset, w.length)).toEqual(
          new Uint32Array(uninterrupted.weights[i]!.buffer, uninterrupted.weights[i]!.byteOffset, w.length),
        );
      });
    },
  );

  test('a different seed gives different weights (the comparison above can fail)', async () => {
    const other = await train(tinyRecipe({ epochs: 1 }), data, { seed: 8 });
    const w = finish(other);
    expect(Array.from(w[0]!)).not.toEqual(Array.from(uninterrupted.weights[0]!));
  });

  test('a checkpoint of another recipe or seed is refused, before anything is allocated', async () => {
    const { run, checkpoint } = await trainUntil(tinyRecipe(), 1);
    run.model.dispose();
    const before = tf.memory().numTensors;
    await expect(train(tinyRecipe(), data, { seed: 9, resume: checkpoint! })).rejects.toThrow(
      "train: argument 'options.resume' expected a checkpoint of recipe tiny seed 9, got one of recipe tiny seed 7",
    );
    await expect(
      train(tinyRecipe({ name: 'other' }), data, { seed: 7, resume: checkpoint! }),
    ).rejects.toThrow(TricksError);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a batch larger than the data, and data of another shape than the recipe input, are refused', async () => {
    await expect(train(tinyRecipe({ batchSize: 65 }), data, { seed: 0 })).rejects.toThrow(
      "train: argument 'recipe.batchSize' expected at most the 64 training images (recipe tiny), got 65",
    );
    await expect(train(tinyRecipe({ input: { size: 32 } }), data, { seed: 0 })).rejects.toThrow(
      "train: argument 'data.train.imageShape' expected the recipe's input [32, 32, 1]",
    );
  });
});
