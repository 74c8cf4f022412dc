import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import {
  bits,
  bnParams,
  convParams,
  countParams,
  denseParams,
  roundTrip,
  tinyBatch,
  trainSteps,
} from '../test/model-checks';
import { simpleCnn } from './simple-cnn';

/** Closed form: Σ stages Σ convs (9·cin·cout + BN 4·cout) + (F + 1)·K. */
function expectedParams(cin: number, widths: number[], convs: number, k: number, bn = true): number {
  let n = 0;
  let c = cin;
  for (const w of widths) {
    for (let i = 0; i < convs; i++) {
      n += convParams(3, c, w, !bn) + (bn ? bnParams(w) : 0);
      c = w;
    }
  }
  return n + denseParams(c, k);
}

describe('simpleCnn', () => {
  it('default 28×28×1 / 10 classes: shape and closed-form parameter count', async () => {
    const model = simpleCnn({ inputShape: [28, 28, 1], numClasses: 10, seed: 1 });
    // A real tfjs-layers LayersModel (what fit, save and withHead take), not a look-alike.
    expect(model).toBeInstanceOf(tfl.LayersModel);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(expectedParams(1, [32, 64, 128], 2, 10));
    expect(model.countParams()).toBe(289_066);
    // Trainable = all but BN moving statistics.
    expect(countParams(model).trainable).toBe(289_066 - 2 * 2 * (32 + 64 + 128));
    const x = tf.zeros([2, 28, 28, 1]);
    const y = await expectNoLeaks(() => model.predict(x) as tf.Tensor);
    expect(y.shape).toEqual([2, 10]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('options change the architecture as documented; softmax rows sum to 1', () => {
    const model = simpleCnn({
      inputShape: [16, 16, 3],
      numClasses: 4,
      widths: [8, 16],
      convsPerStage: 1,
      batchNorm: false,
      softmax: true,
      seed: 3,
    });
    expect(model.countParams()).toBe(expectedParams(3, [8, 16], 1, 4, false));
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 5);
    const p = model.predict(x) as tf.Tensor;
    const sums = tf.sum(p, 1);
    for (const s of sums.dataSync()) expect(s).toBeCloseTo(1, 5);
    tf.dispose([x, p, sums]);
    model.dispose();
    const flat = simpleCnn({
      inputShape: [16, 16, 1],
      numClasses: 3,
      widths: [4, 8],
      pooling: 'flatten',
      seed: 0,
    });
    // 16×16 → pool → 8×8×8 flattened = 512 features.
    expect(flat.countParams()).toBe(
      expectedParams(1, [4, 8], 2, 3) - denseParams(8, 3) + denseParams(512, 3),
    );
    flat.dispose();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = simpleCnn({ inputShape: [16, 16, 1], numClasses: 3, widths: [4, 8], seed: 7 });
    const b = simpleCnn({ inputShape: [16, 16, 1], numClasses: 3, widths: [4, 8], seed: 7 });
    const c = simpleCnn({ inputShape: [16, 16, 1], numClasses: 3, widths: [4, 8], seed: 8 });
    const wa = a.getWeights();
    const wb = b.getWeights();
    const wc = c.getWeights();
    for (const [i, w] of wa.entries()) expect(bits(w)).toEqual(bits(wb[i]!));
    expect(bits(wa[0]!)).not.toEqual(bits(wc[0]!));
    // Two same-shaped convs of one model get different seeds.
    expect(bits(a.getLayer('stage1_conv1').getWeights()[0]!)).not.toEqual(
      bits(b.getLayer('stage1_conv0').getWeights()[0]!).slice(0, 1),
    );
    for (const m of [a, b, c]) m.dispose();
  });

  it('trains: loss falls over a few steps, tensor count flat', () => {
    const model = simpleCnn({
      inputShape: [16, 16, 1],
      numClasses: 3,
      widths: [4, 8],
      stageDropout: 0,
      dropout: 0,
      seed: 2,
    });
    const { x, y } = tinyBatch(4, [16, 16, 1], 3);
    const { losses, tensorCounts } = trainSteps(model, x, y, 4);
    expect(losses[3]!).toBeLessThan(losses[0]!);
    expect(tensorCounts[3]).toBe(tensorCounts[1]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('save → load gives identical outputs', async () => {
    const model = simpleCnn({ inputShape: [16, 16, 1], numClasses: 3, widths: [4, 8], seed: 4 });
    const loaded = await roundTrip(model);
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 9);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(bits(b)).toEqual(bits(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects bad options with a TricksError', () => {
    expect(() => simpleCnn({ inputShape: [28, 28], numClasses: 10 } as never)).toThrow(TricksError);
    expect(() => simpleCnn({ inputShape: [28, 28, 1], numClasses: 1 })).toThrow(
      "simpleCnn: argument 'options.numClasses' expected an integer ≥ 2, got 1",
    );
    expect(() => simpleCnn({ inputShape: [28, 28, 1], numClasses: 10, dropout: 1 })).toThrow(
      /options.dropout' expected a rate in \[0, 1\)/,
    );
    expect(() => simpleCnn({ inputShape: [8, 8, 1], numClasses: 10, widths: [4, 4, 4, 4, 4] })).toThrow(
      /H, W ≥ 16 for 5 stages/,
    );
    expect(() => simpleCnn({ inputShape: [28, 28, 1], numClasses: 10, seed: 1.5 })).toThrow(/options.seed/);
  });
});
