import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '@tftricks/core';
import { makeBatch } from '@tftricks/data';
import { describe, expect, it } from 'vitest';
import { tinyData, tinyRecipe } from '../test/tiny-run';
import { buildRun, disposeRun } from './build-run';
import { trainStep } from './train-step';

/** Copies of the model's weights as plain arrays. */
const snapshot = (model: tfl.LayersModel) =>
  model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));

describe('trainStep', () => {
  it('under gradient accumulation the EMA moves once per optimizer update, at that update’s decay', async () => {
    const data = await tinyData();
    const recipe = tinyRecipe({
      // No BatchNorm: its moving statistics change on every forward pass, micro-batch or not.
      model: { type: 'simpleCnn', widths: [4], convsPerStage: 1, batchNorm: false },
      augment: undefined,
      mix: undefined,
      schedule: undefined,
      optimizer: { name: 'adamw', learningRate: 0.05, weightDecay: 0, accumulateSteps: 2 },
      ema: { decay: 0.5, warmup: false },
    });
    const parts = buildRun(recipe, { imageShape: [28, 28, 1], numClasses: 10, totalUpdates: 2, seed: 1 });
    const ema = parts.ema!;
    const rng = createRng(0);
    const raws = [0, 1, 2, 3].map((b) =>
      makeBatch(
        data.train,
        [...Array(16).keys()].map((i) => 16 * b + i),
      ),
    );
    const initial = snapshot(parts.model);
    const afterUpdate: Float32Array[][] = [];
    raws.forEach((raw, s) => {
      trainStep(parts, raw, rng);
      if (s % 2 === 1) afterUpdate.push(snapshot(parts.model));
      else {
        // A micro-batch: no weight moved, and the EMA waited.
        expect(snapshot(parts.model)).toEqual(s === 0 ? initial : afterUpdate[0]);
        expect(ema.updates).toBe(s / 2);
      }
    });
    expect(parts.optimizer.step).toBe(2);
    expect(ema.updates).toBe(2);
    // Update 1 copies the weights (decay 0); update 2 moves halfway (decay 0.5) towards them.
    const [w1, w2] = afterUpdate as [Float32Array[], Float32Array[]];
    const shadow = ema.getWeights();
    shadow.forEach(({ tensor }, i) => {
      const got = tensor.dataSync();
      for (let j = 0; j < got.length; j++)
        expect(got[j]!).toBeCloseTo(w1[i]![j]! + 0.5 * (w2[i]![j]! - w1[i]![j]!), 6);
    });
    // The weights did move: the check above can fail.
    expect(w2[0]).not.toEqual(w1[0]);
    tf.dispose(shadow.map((s) => s.tensor));
    tf.dispose(raws.flatMap((r) => [r.images, r.targets]));
    disposeRun(parts);
    parts.model.dispose();
  });

  it('leaks nothing: after the first step (which creates the optimizer state) the count stays flat', async () => {
    const data = await tinyData();
    const parts = buildRun(tinyRecipe(), {
      imageShape: [28, 28, 1],
      numClasses: 10,
      totalUpdates: 4,
      seed: 2,
    });
    const raw = makeBatch(data.train, [...Array(16).keys()]);
    const rng = createRng(5);
    trainStep(parts, raw, rng);
    const after = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) {
      const out = trainStep(parts, raw, rng);
      expect(Number.isFinite(out.loss)).toBe(true);
      expect(out.correct).toBeGreaterThanOrEqual(0);
      expect(out.correct).toBeLessThanOrEqual(16);
      expect(tf.memory().numTensors).toBe(after);
    }
    tf.dispose([raw.images, raw.targets]);
    disposeRun(parts);
    parts.model.dispose();
  });
});
