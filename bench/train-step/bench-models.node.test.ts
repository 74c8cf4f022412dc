// Issue #20's trajectory check: every bench model trains on wasm + @tftricks/wasm-train as it
// does on the cpu backend — loss within 1e-3 relative at each of 30 Adam steps — and its
// numTensors stays flat over 200 more steps. The cpu trajectories are committed
// (cpu-trajectories.json, from write-trajectories.ts: minutes of cpu time); the two cheapest
// models also run live on cpu here, so a stale file cannot hide a change.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '@tftricks/core';
import { wasmTrain } from '@tftricks/wasm-train';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_NAMES } from './models';
import { TRAJECTORY, trajectory, trajectoryTrainer } from './trajectory';

const reference = JSON.parse(readFileSync(new URL('./cpu-trajectories.json', import.meta.url), 'utf8')) as {
  size: number;
  batch: number;
  steps: number;
  seed: number;
  learningRate: number;
  epsilon: number;
  losses: Record<string, number[]>;
};
const FLAT_STEPS = 200;

function expectClose(got: number[], want: number[], label: string): void {
  expect(got).toHaveLength(want.length);
  got.forEach((loss, i) =>
    expect(
      Math.abs(loss - (want[i] as number)) / Math.abs(want[i] as number),
      `${label} step ${i}`,
    ).toBeLessThan(1e-3),
  );
}

describe('bench models: wasm + wasm-train follow the cpu backend', () => {
  afterAll(async () => {
    await setupBackend('wasm', { wasm: wasmTrain });
  });

  it('the committed cpu trajectories are for these settings and every model', () => {
    const { size, batch, steps, seed, learningRate, epsilon } = reference;
    expect({ size, batch, steps, seed, learningRate, epsilon }).toEqual(TRAJECTORY);
    expect(Object.keys(reference.losses).sort()).toEqual([...MODEL_NAMES].sort());
  });

  it.each(['cnn', 'resnet'] as const)(
    '%s: the live cpu run equals the committed trajectory',
    async (name) => {
      await setupBackend('cpu');
      expect(trajectory(name)).toEqual(reference.losses[name]);
    },
  );

  it.each(MODEL_NAMES)('%s: 30 steps within 1e-3 of cpu; numTensors flat over 200 more', async (name) => {
    await setupBackend('wasm', { wasm: wasmTrain });
    const t = trajectoryTrainer(name);
    const got = Array.from({ length: TRAJECTORY.steps }, () => t.step());
    expectClose(got, reference.losses[name] as number[], name);
    // The loss moved: the steps trained something.
    expect(Math.abs((got.at(-1) as number) - (got[0] as number))).toBeGreaterThan(1e-3);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < FLAT_STEPS; i++) t.step();
    expect(tf.memory().numTensors, `${name} numTensors after ${FLAT_STEPS} more steps`).toBe(tensors);
    t.dispose();
  });
});
