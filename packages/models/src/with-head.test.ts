import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { bits, denseParams, roundTrip, tinyBatch, trainSteps } from '../test/model-checks';
import { freeze } from './freeze';
import { simpleCnn } from './simple-cnn';
import { withHead } from './with-head';

const backbone = (seed = 1) =>
  simpleCnn({
    inputShape: [16, 16, 1],
    numClasses: 3,
    widths: [4, 8],
    convsPerStage: 1,
    stageDropout: 0,
    dropout: 0,
    seed,
  });

describe('withHead', () => {
  it('replaces a classifier with hidden layers: closed-form parameter count, shapes, no leaks', async () => {
    const base = backbone();
    const model = withHead(base, {
      from: 'features',
      hidden: [16, 12],
      dropout: 0.2,
      numClasses: 5,
      seed: 1,
    });
    const bodyParams = base.countParams() - denseParams(8, 3);
    expect(model.countParams()).toBe(
      bodyParams + denseParams(8, 16) + denseParams(16, 12) + denseParams(12, 5),
    );
    expect(model.layers.some((l) => l.name === 'logits')).toBe(false);
    // Shares the backbone's layers (and so its weights).
    expect(model.getLayer('stage0_conv0')).toBe(base.getLayer('stage0_conv0'));
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 2);
    const y = await expectNoLeaks(() => model.predict(x) as tf.Tensor);
    expect(y.shape).toEqual([2, 5]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('pools feature maps; softmax option; trains with a frozen backbone (bit-identical)', async () => {
    const base = backbone(2);
    const model = withHead(base, {
      from: 'stage1_relu0',
      hidden: [6],
      numClasses: 3,
      softmax: true,
      activation: 'gelu',
      seed: 3,
    });
    expect(model.getLayer('head_pool').getClassName()).toBe('GlobalAveragePooling2D');
    freeze(model, /^stage/);
    const frozen = model.getLayer('stage1_conv0').getWeights().map(bits);
    const { x, y } = tinyBatch(4, [16, 16, 1], 3);
    // A second, logits head on the same frozen body trains (the loss needs logits).
    const { losses } = trainSteps(
      withHead(base, { from: 'stage1_relu0', hidden: [6], numClasses: 3, seed: 3, prefix: 'h2' }),
      x,
      y,
      3,
    );
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(model.getLayer('stage1_conv0').getWeights().map(bits)).toEqual(frozen);
    const p = model.predict(x) as tf.Tensor;
    const sums = tf.sum(p, 1);
    for (const s of sums.dataSync()) expect(s).toBeCloseTo(1, 5);
    tf.dispose([x, y, p, sums]);
    model.dispose();
  });

  it('save → load round trip gives identical outputs', async () => {
    const model = withHead(backbone(4), { from: 'features', hidden: [8], numClasses: 4, seed: 5 });
    const loaded = await roundTrip(model);
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 7);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(bits(b)).toEqual(bits(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects bad options', () => {
    const base = backbone();
    expect(() => withHead(base, { hidden: [0], numClasses: 3 })).toThrow(
      "withHead: argument 'options.hidden' expected an array of integers ≥ 1, got an array of length 1",
    );
    expect(() => withHead(base, { hidden: [], numClasses: 3, from: 'nope' })).toThrow(
      /options.from' expected a layer name/,
    );
    expect(() =>
      withHead(base, { hidden: [4], numClasses: 3, from: 'stage1_relu0', prefix: 'stage1' }),
    ).toThrow(/clashes with 'stage1_pool'/);
    expect(() => withHead(base, { hidden: [4], numClasses: 1 })).toThrow(TricksError);
    base.dispose();
  });
});
