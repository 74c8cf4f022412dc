import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { bits, tinyBatch, trainSteps } from '../test/model-checks';
import { freeze, selectLayers, trainableVariableNames, unfreeze } from './freeze';
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

/** Bits of every weight (trainable and statistics) of the named layers. */
function layerBits(model: tfl.LayersModel, names: string[]): number[][] {
  return names.flatMap((n) => model.getLayer(n).getWeights().map(bits));
}

describe('selectLayers', () => {
  it('selects by name, names, RegExp, predicate and index range', () => {
    const model = tiny();
    const names = model.layers.map((l) => l.name);
    expect(selectLayers('f', model, 'stage0_conv0').map((l) => l.name)).toEqual(['stage0_conv0']);
    expect(selectLayers('f', model, ['logits', 'stage0_bn0']).map((l) => l.name)).toEqual([
      'stage0_bn0',
      'logits',
    ]);
    expect(selectLayers('f', model, /^stage1_/).map((l) => l.name)).toEqual(
      names.filter((n) => n.startsWith('stage1_')),
    );
    expect(selectLayers('f', model, (l) => l.getClassName() === 'Conv2D').map((l) => l.name)).toEqual([
      'stage0_conv0',
      'stage1_conv0',
    ]);
    expect(selectLayers('f', model, { from: -2 }).map((l) => l.name)).toEqual(names.slice(-2));
    expect(selectLayers('f', model, { from: 1, to: 3 }).map((l) => l.name)).toEqual(names.slice(1, 3));
    model.dispose();
  });

  it('refuses selectors that match nothing or name unknown layers', () => {
    const model = tiny();
    expect(() => freeze(model, 'nope')).toThrow(
      /freeze: argument 'selector' expected names of layers of .* got unknown "nope"/,
    );
    expect(() => freeze(model, /^zzz/)).toThrow(
      "freeze: argument 'selector' expected a selector matching at least one layer of",
    );
    expect(() => unfreeze(model, { from: 99 })).toThrow(TricksError);
    expect(() => freeze(model, 3 as never)).toThrow(TricksError);
    model.dispose();
  });
});

describe('freeze / unfreeze', () => {
  it('frozen weights (BN statistics included) stay bit-identical over training; the rest moves', () => {
    const model = tiny(3);
    const frozen = freeze(model, /^stage0_/);
    expect(frozen).toEqual(['stage0_conv0', 'stage0_bn0', 'stage0_relu0']);
    expect(trainableVariableNames(model).some((n) => n.includes('stage0'))).toBe(false);
    const before = layerBits(model, frozen);
    const moving = layerBits(model, ['stage1_conv0', 'stage1_bn0', 'logits']);
    const { x, y } = tinyBatch(4, [16, 16, 1], 3);
    const { losses } = trainSteps(model, x, y, 3);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(layerBits(model, frozen)).toEqual(before);
    const after = layerBits(model, ['stage1_conv0', 'stage1_bn0', 'logits']);
    for (const [i, w] of after.entries()) expect(w).not.toEqual(moving[i]);
    // Unfrozen again, the BN layer trains in training mode again (its statistics move).
    unfreeze(model, frozen);
    trainSteps(model, x, y, 1);
    const bnStats = model.getLayer('stage0_bn0').getWeights().map(bits);
    expect(bnStats[2]).not.toEqual(before[3]); // moving mean
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a compiled model trains only what is unfrozen, without recompiling; fit keeps the optimizer', async () => {
    const model = tiny(4);
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const { x, y } = tinyBatch(4, [16, 16, 1], 3);
    freeze(model, { to: -1 }); // all but the classifier
    const head = layerBits(model, ['logits']);
    const body = layerBits(model, ['stage0_conv0', 'stage1_bn0']);
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(layerBits(model, ['stage0_conv0', 'stage1_bn0'])).toEqual(body);
    expect(layerBits(model, ['logits'])).not.toEqual(head);
    expect(model.optimizer).toBe(optimizer);
    tf.dispose([x, y]);
    model.dispose();
  });
});
