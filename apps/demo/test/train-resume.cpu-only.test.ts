import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Checkpoint, type RunResult, trainRun } from '../src/train-run';
import { tinyData, tinyRecipe } from './tiny-run';

let data: Awaited<ReturnType<typeof tinyData>>;
let uninterrupted: { weights: Float32Array[]; result: RunResult };

/** The run's final weights as plain arrays (the model is disposed). */
function finish(result: RunResult): Float32Array[] {
  const weights = result.model.getWeights().map((w) => w.dataSync() as Float32Array);
  result.model.dispose();
  return weights;
}

beforeAll(async () => {
  data = await tinyData();
  const result = await trainRun(tinyRecipe(), data, { seed: 7 });
  uninterrupted = { weights: finish(result), result };
});

describe('trainRun resume (cpu, bit-exact)', () => {
  test('the uninterrupted run takes 2 epochs × 4 steps and learns something', () => {
    const { result } = uninterrupted;
    expect(result.steps).toBe(8);
    expect(result.interrupted).toBe(false);
    expect(result.history.loss).toHaveLength(2);
    expect(result.history.valAccuracy).toHaveLength(2);
    for (const v of result.history.loss) expect(Number.isFinite(v)).toBe(true);
  });

  // Mid-epoch (3), at an epoch boundary (4) and one step before the end (7).
  test.each([3, 4, 7])(
    'stopping after %i steps, saving to JSON and resuming gives identical weights',
    async (stopAt) => {
      let saved: string | null = null;
      const first = await trainRun(tinyRecipe(), data, {
        seed: 7,
        stopAfterSteps: stopAt,
        save: async (cp) => {
          saved = JSON.stringify(cp);
        },
      });
      expect(first.interrupted).toBe(true);
      expect(first.steps).toBe(stopAt);
      first.model.dispose();
      expect(saved).not.toBeNull();
      const checkpoint = JSON.parse(saved!) as Checkpoint;
      expect(checkpoint.epoch * 4 + checkpoint.stepInEpoch).toBe(stopAt);

      const resumed = await trainRun(tinyRecipe(), data, { seed: 7, resume: checkpoint });
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
    const other = await trainRun(tinyRecipe({ epochs: 1 }), data, { seed: 8 });
    const w = finish(other);
    expect(Array.from(w[0]!)).not.toEqual(Array.from(uninterrupted.weights[0]!));
  });

  test('a checkpoint of another recipe or seed is refused', async () => {
    let saved: Checkpoint | null = null;
    const run = await trainRun(tinyRecipe(), data, {
      seed: 7,
      stopAfterSteps: 1,
      save: async (cp) => {
        saved = JSON.parse(JSON.stringify(cp)) as Checkpoint;
      },
    });
    run.model.dispose();
    const before = tf.memory().numTensors;
    await expect(trainRun(tinyRecipe(), data, { seed: 9, resume: saved! })).rejects.toThrow(
      'checkpoint is for recipe tiny seed 7, not tiny seed 9',
    );
    await expect(trainRun(tinyRecipe({ name: 'other' }), data, { seed: 7, resume: saved! })).rejects.toThrow(
      'checkpoint is for recipe tiny seed 7, not other seed 7',
    );
    // NOTE: the refused runs have built a model before checking; see the leak assertion.
    expect(tf.memory().numTensors).toBe(before);
  });
});
