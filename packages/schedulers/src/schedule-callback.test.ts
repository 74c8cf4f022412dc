import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { exponential } from './exponential';
import { scheduleCallback } from './schedule-callback';
import { stepDecay } from './step-decay';

// A bias-free linear model with MSE: its SGD trajectory is easy to replay in plain JS.
const X = [
  [1, 2],
  [0.5, -1],
  [2, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
];
const Y = [1, -1, 2, 0, 0.5, 1.5];

function model(optimizer: tf.Optimizer): tfl.Sequential {
  const m = tfl.sequential({
    layers: [tfl.layers.dense({ units: 1, inputShape: [2], useBias: false, kernelInitializer: 'zeros' })],
  });
  m.compile({ optimizer, loss: 'meanSquaredError' });
  return m;
}

/** Plain-JS SGD on the same data and batches, with the given rate per update. */
function replay(lrs: number[], batchSize: number): number[] {
  const w = [0, 0];
  let u = 0;
  for (const lr of lrs) {
    const start = (u * batchSize) % X.length;
    const g = [0, 0];
    for (let i = start; i < start + batchSize; i++) {
      const r = X[i]![0]! * w[0]! + X[i]![1]! * w[1]! - Y[i]!;
      g[0]! += (2 / batchSize) * r * X[i]![0]!;
      g[1]! += (2 / batchSize) * r * X[i]![1]!;
    }
    w[0]! -= lr * g[0]!;
    w[1]! -= lr * g[1]!;
    u++;
  }
  return w;
}

async function fitAndRecord(optimizer: tf.SGDOptimizer, per: 'batch' | 'epoch', epochs: number, extra = {}) {
  const m = model(optimizer);
  const x = tf.tensor2d(X);
  const y = tf.tensor2d(Y, [6, 1]);
  const seen: number[] = [];
  const schedule = exponential({ baseLr: 0.1, gamma: 0.8 });
  const callback = scheduleCallback(optimizer, schedule, { per, ...extra });
  await m.fit(x, y, {
    batchSize: 2,
    epochs,
    shuffle: false,
    verbose: 0,
    callbacks: [
      callback,
      // Runs after scheduleCallback's hook: reads the rate the update will use.
      { onBatchBegin: () => void seen.push((optimizer as unknown as { learningRate: number }).learningRate) },
    ],
  });
  const w = Array.from(m.getWeights()[0]!.dataSync());
  tf.dispose([x, y]);
  m.dispose();
  return { seen, w, callback, schedule };
}

describe('scheduleCallback with tfjs-layers model.fit', () => {
  it("per: 'batch' sets schedule(t) before update t, and the weights follow that rate", async () => {
    const { seen, w, callback, schedule } = await fitAndRecord(tf.train.sgd(1), 'batch', 2);
    const expected = Array.from({ length: 6 }, (_, t) => schedule(t));
    expect(seen).toEqual(expected);
    expect(callback.step).toBe(5);
    expect(callback.lr).toBe(schedule(5));
    const want = replay(expected, 2);
    for (let i = 0; i < 2; i++) expect(w[i]).toBeCloseTo(want[i]!, 5);
  });

  it("per: 'epoch' sets schedule(epoch) for every batch of the epoch", async () => {
    const { seen, w, schedule } = await fitAndRecord(tf.train.momentum(1, 0), 'epoch', 3);
    const expected = [0, 0, 0, 1, 1, 1, 2, 2, 2].map((e) => schedule(e));
    expect(seen).toEqual(expected);
    const want = replay(expected, 2);
    for (let i = 0; i < 2; i++) expect(w[i]).toBeCloseTo(want[i]!, 5);
  });

  it('stepsPerEpoch derives the step from (epoch, batch), so a resumed fit lands on the right rate', async () => {
    const opt = tf.train.sgd(1);
    const cb = scheduleCallback(opt, stepDecay({ baseLr: 1, stepSize: 4, gamma: 0.5 }), { stepsPerEpoch: 3 });
    cb.onTrainBegin();
    cb.onEpochBegin(2); // resumed at initialEpoch 2
    cb.onBatchBegin(1);
    expect(cb.step).toBe(7);
    expect(cb.lr).toBe(0.5);
    opt.dispose();
  });

  it('does not leak tensors across a fit (setLearningRate swaps its scalar)', async () => {
    const opt = tf.train.sgd(1);
    const m = model(opt);
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(Y, [6, 1]);
    await m.fit(x, y, { batchSize: 2, epochs: 1, verbose: 0 }); // creates the optimizer's state
    const cb = scheduleCallback(opt, exponential({ baseLr: 0.1, gamma: 0.9 }));
    await expectNoLeaks(async () => {
      await m.fit(x, y, { batchSize: 2, epochs: 2, verbose: 0, callbacks: [cb] });
    }, 'fit with scheduleCallback');
    tf.dispose([x, y]);
    m.dispose();
  });

  it('refuses built-in optimizers that cannot change their rate, pointing to TricksOptimizer', () => {
    const adam = tf.train.adam(0.001);
    const s = exponential({ baseLr: 0.1, gamma: 0.9 });
    expect(() => scheduleCallback(adam, s)).toThrow(TricksError);
    expect(() => scheduleCallback(adam, s)).toThrow(
      /scheduleCallback: argument 'optimizer' expected .*use a TricksOptimizer from @tftricks\/optimizers.*got optimizer class 'Adam'/,
    );
    expect(() => scheduleCallback(tf.train.rmsprop(0.01), s)).toThrow(/RMSProp/);
    expect(() => scheduleCallback(tf.train.sgd(0.1), s, { per: 'step' as 'batch' })).toThrow(/options.per/);
    // Duck typing: anything with setLearningRate works (a TricksOptimizer has it).
    const calls: number[] = [];
    const cb = scheduleCallback({ setLearningRate: (lr: number) => calls.push(lr) }, s, { per: 'epoch' });
    cb.onEpochBegin(0);
    cb.onEpochBegin(1);
    expect(calls).toEqual([0.1, 0.1 * 0.9]);
  });
});
