import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { chain, lrMultipliers, scaleByLearningRate, TricksOptimizer } from '@tftricks/optimizers';
import { describe, expect, it } from 'vitest';
import { bits, tinyBatch, trainSteps } from '../test/model-checks';
import { trainableVariableNames } from './freeze';
import { realignOptimizerState } from './optimizer-state';
import { progressiveUnfreezing } from './progressive-unfreezing';
import { simpleCnn } from './simple-cnn';

const tiny = (seed = 1) =>
  simpleCnn({
    inputShape: [16, 16, 1],
    numClasses: 3,
    widths: [4, 8],
    convsPerStage: 1,
    stageDropout: 0,
    dropout: 0,
    seed,
  });

async function optimizerState(o: tf.Optimizer): Promise<Map<string, number[]>> {
  const ws = await o.getWeights();
  const out = new Map(ws.map((w) => [w.name, bits(w.tensor)]));
  tf.dispose(ws[0]!.tensor); // the iteration scalar is a fresh tensor
  return out;
}

describe('progressiveUnfreezing', () => {
  it('changes trainable exactly at the planned steps; frozen groups stay bit-identical; Adam state survives', async () => {
    const model = tiny(2);
    const optimizer = tf.train.adam(0.01);
    const plan = progressiveUnfreezing(model, {
      groups: [/^stage0_/, /^stage1_/],
      at: [2, 4],
      unit: 'step',
      optimizer,
    });
    expect(plan.groups).toEqual([
      ['stage0_conv0', 'stage0_bn0', 'stage0_relu0'],
      ['stage1_pool', 'stage1_conv0', 'stage1_bn0', 'stage1_relu0'],
    ]);
    expect([0, 1, 2, 3, 4, 9].map((t) => plan.unfrozenGroupsAt(t))).toEqual([0, 0, 1, 1, 2, 2]);
    const { x, y } = tinyBatch(4, [16, 16, 1], 3);
    const stage0 = () =>
      ['stage0_conv0', 'stage0_bn0'].flatMap((n) => model.getLayer(n).getWeights().map(bits));
    const initial0 = stage0();
    const flags: boolean[][] = [];
    const changes: boolean[] = [];
    for (let t = 0; t < 6; t++) {
      const before = t === 2 ? await optimizerState(optimizer) : null;
      changes.push(await plan.update(t));
      if (before) {
        // Every slot that existed keeps its exact bits; new variables start at zero.
        const after = await optimizerState(optimizer);
        for (const [name, b] of before) expect(after.get(name)).toEqual(b);
        const fresh = [...after.keys()].filter((n) => !before.has(n));
        expect(fresh.length).toBe(2 * 3); // m and v for stage1 conv kernel, BN gamma, beta
        for (const n of fresh) expect(after.get(n)!.every((v) => v === 0)).toBe(true);
        expect([...after.keys()].slice(1, 4).map((n) => n.split('/').slice(0, -1).join('/'))).toEqual(
          trainableVariableNames(model).slice(0, 3),
        );
      }
      flags.push(['stage0_conv0', 'stage1_conv0', 'logits'].map((n) => model.getLayer(n).trainable));
      trainSteps(model, x, y, 1, optimizer);
      if (t === 1) expect(stage0()).toEqual(initial0);
    }
    expect(flags).toEqual([
      [false, false, true],
      [false, false, true],
      [false, true, true],
      [false, true, true],
      [true, true, true],
      [true, true, true],
    ]);
    expect(changes).toEqual([true, false, true, false, true, false]);
    expect(stage0()).not.toEqual(initial0);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('drives model.fit per epoch through its callback, with the compiled optimizer', async () => {
    const model = tiny(3);
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const plan = progressiveUnfreezing(model, { groups: [/^stage0_/, /^stage1_/], at: [1, 2] });
    const seen: number[] = [];
    const states: Map<string, number[]>[] = [];
    // Runs before the plan's callback at each epoch start: the optimizer state it leaves must
    // survive the plan's update bit for bit.
    const before = new tfl.CustomCallback({
      onEpochBegin: async () => void states.push(await optimizerState(optimizer)),
    });
    const probe = new tfl.CustomCallback({
      onEpochBegin: async () => {
        seen.push(trainableVariableNames(model).length);
        const prev = states[states.length - 1]!;
        const now = await optimizerState(optimizer);
        for (const [name, b] of prev) expect(now.get(name)).toEqual(b);
      },
    });
    const { x, y } = tinyBatch(4, [16, 16, 1], 3);
    const history = await model.fit(x, y, {
      epochs: 3,
      batchSize: 2,
      verbose: 0,
      callbacks: [before, plan.callback(), probe],
    });
    // logits (2) → + stage1 conv, gamma, beta (5) → + stage0 (8)
    expect(seen).toEqual([2, 5, 8]);
    expect(states.map((m) => m.size)).toEqual([1, 1 + 2 * 2, 1 + 2 * 5]); // iter + m, v per variable
    expect(history.history.loss!.every((l) => Number.isFinite(l as number))).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('exposes discriminative learning-rate multipliers per variable', () => {
    const model = tiny();
    const plan = progressiveUnfreezing(model, {
      groups: [/^stage0_/, /^stage1_/],
      at: [0, 0],
      lrMultipliers: { decay: 0.5 },
    });
    const m = plan.lrMultipliers();
    const kernel = (n: string) => model.getLayer(n).weights[0]!.name;
    expect(m[kernel('stage1_conv0')]).toBe(1);
    expect(m[kernel('stage0_conv0')]).toBe(0.5);
    expect(m[kernel('logits')]).toBe(1);
    expect(Object.keys(m).length).toBe(model.weights.length);
    const explicit = progressiveUnfreezing(model, {
      groups: [/^stage0_/, /^stage1_/],
      at: [0, 0],
      lrMultipliers: [0.3, 0.1],
    });
    expect(explicit.lrMultipliers()[kernel('stage0_conv0')]).toBe(0.1);
    model.dispose();
  });

  it("lrMultipliers consumes the plan's multipliers: an unfrozen group's updates are −lr · m · g, 0 while frozen", async () => {
    const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({
          units: 4,
          inputShape: [3],
          activation: 'tanh',
          kernelInitializer: init(1),
          name: 'lrm_body0',
        }),
        tfl.layers.dense({ units: 4, activation: 'tanh', kernelInitializer: init(2), name: 'lrm_body1' }),
        tfl.layers.dense({ units: 2, kernelInitializer: init(3), name: 'lrm_head' }),
      ],
    });
    // body1 trains from step 1 at ×0.5, body0 from step 3 at ×0.25; the head (no group) at ×1.
    const plan = progressiveUnfreezing(model, {
      groups: [/^lrm_body0/, /^lrm_body1/],
      at: [1, 3],
      unit: 'step',
      lrMultipliers: [0.5, 0.25], // counted from the head: body1, body0
    });
    const lr = 0.1;
    const optimizer = new TricksOptimizer(
      chain(lrMultipliers(plan.lrMultipliers()), scaleByLearningRate(lr)),
    );
    const x = tf.tensor2d([0.5, -1, 2, 1, 0.3, -0.7], [2, 3]);
    const y = tf.tensor2d([1, 0, 0, 1], [2, 2]);
    const factor: Record<string, number> = { lrm_body0: 0.25, lrm_body1: 0.5, lrm_head: 1 };
    const trainedAt: Record<string, number> = { lrm_body0: 3, lrm_body1: 1, lrm_head: 0 };
    for (let t = 0; t < 5; t++) {
      await plan.update(t);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads, value } = tf.variableGrads(
        () => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar,
        vars,
      );
      const before = new Map(model.weights.map((w) => [w.name, Array.from(w.read().dataSync())]));
      optimizer.applyGradients(grads);
      for (const w of model.weights) {
        const layer = w.name.split('/')[0]!;
        const delta = Array.from(w.read().dataSync()).map((v, i) => v - before.get(w.name)![i]!);
        if (t < trainedAt[layer]!) {
          // Frozen: no gradient, so no update at all (bit for bit).
          expect(grads[w.name]).toBeUndefined();
          expect(delta.every((d) => d === 0)).toBe(true);
          continue;
        }
        const g = Array.from(grads[w.name]!.dataSync());
        delta.forEach((d, i) => expect(d).toBeCloseTo(-lr * factor[layer]! * g[i]!, 6));
      }
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('realignOptimizerState leaves name-keyed or stateless optimizers alone', async () => {
    const sgd = tf.train.sgd(0.1);
    expect(await expectNoLeaks(() => realignOptimizerState(sgd, ['a'], ['b', 'a']))).toBe(false);
    // An optax-style optimizer keyed by name hands out copies under its own names: untouched, freed.
    let setCalls = 0;
    const named = {
      getWeights: async () => [
        { name: 'iter', tensor: tf.scalar(3, 'int32') },
        { name: 'tricks/mu/a', tensor: tf.zeros([2]) },
      ],
      setWeights: async () => void setCalls++,
      getConfig: () => ({}),
    } as unknown as tf.Optimizer;
    expect(await expectNoLeaks(() => realignOptimizerState(named, ['a'], ['b', 'a']))).toBe(false);
    expect(setCalls).toBe(0);
  });

  it('rejects malformed plans', () => {
    const model = tiny();
    expect(() => progressiveUnfreezing(model, { groups: [/^stage0_/, /^stage1_/], at: [3, 1] })).toThrow(
      "progressiveUnfreezing: argument 'plan.at[1]' expected a step ≥ plan.at[0] = 3 (non-decreasing), got 1",
    );
    expect(() => progressiveUnfreezing(model, { groups: [/^stage/, /^stage1_/], at: [0, 1] })).toThrow(
      /groups without shared layers/,
    );
    expect(() => progressiveUnfreezing(model, { groups: [/^stage0_/], at: [0, 1] })).toThrow(
      /plan.at' expected 1 steps/,
    );
    expect(() => progressiveUnfreezing(model, { groups: [], at: [] })).toThrow(TricksError);
    expect(() =>
      progressiveUnfreezing(model, { groups: [/^stage0_/], at: [0], lrMultipliers: [-1] }),
    ).toThrow(/lrMultipliers\[0\]/);
    model.dispose();
  });
});
