import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { cosine, scheduleCallback } from '@tftricks/schedulers';
import { describe, expect, it } from 'vitest';
import { adamw } from './adamw';
import { createOptimizer } from './create-optimizer';
import { TricksOptimizer } from './tricks-optimizer';

function data() {
  // y = x·[1, −2, 0.5] + 0.3, 32 samples.
  const x = tf.tidy(() =>
    tf.tensor2d(
      Array.from({ length: 96 }, (_, i) => Math.sin(0.9 * i + 0.2)),
      [32, 3],
    ),
  );
  const y = tf.tidy(() => tf.add(tf.matMul(x, tf.tensor2d([[1], [-2], [0.5]])), tf.scalar(0.3)));
  return { x, y };
}

function model() {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, inputShape: [3], activation: 'tanh', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: 1, kernelInitializer: init(2) }),
    ],
  });
}

describe('TricksOptimizer in model.compile + model.fit', () => {
  it('adamw + a cosine schedule through scheduleCallback trains a tfjs-layers model', async () => {
    const { x, y } = data();
    const m = model();
    const opt = new TricksOptimizer(adamw({ learningRate: 0.05, weightDecay: 1e-4 }));
    m.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const schedule = cosine({ baseLr: 0.05, tMax: 40 });
    const seen: number[] = [];
    const history = await m.fit(x, y, {
      epochs: 10,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
      callbacks: [
        scheduleCallback(opt, schedule),
        { onBatchEnd: async () => void seen.push(opt.learningRate) },
      ],
    });
    const losses = history.history.loss as number[];
    expect(losses[9]!).toBeLessThan(losses[0]! * 0.5);
    expect(opt.step).toBe(40);
    // The rate used at update t is schedule(t): the callback set it before each batch.
    expect(seen).toEqual(Array.from({ length: 40 }, (_, t) => expect.closeTo(schedule(t), 12)));
    m.dispose();
    opt.dispose();
    tf.dispose([x, y]);
  });

  it('a Schedule passed as learningRate is evaluated at each step (no callback), via createOptimizer', async () => {
    const { x, y } = data();
    const m = model();
    const opt = createOptimizer('adamw', { learningRate: (t: number) => 0.01 * 0.9 ** t, weightDecay: 0 });
    m.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const seen: number[] = [];
    await m.fit(x, y, {
      epochs: 2,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
      callbacks: [{ onBatchBegin: async () => void seen.push(opt.learningRate) }],
    });
    expect(seen).toEqual([0, 1, 2, 3].map((t) => expect.closeTo(0.01 * 0.9 ** t, 12)));
    expect(opt.step).toBe(4);
    m.dispose();
    opt.dispose();
    tf.dispose([x, y]);
  });
});
