import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import { checkIntArray, checkRate } from './classifier-options';
import { activationLayer, type BlockActivation } from './conv-bn';
import { seedSequence } from './seed-sequence';

/** Options of {@link withHead}. */
export interface HeadOptions {
  /** Widths of the hidden dense layers, in order (may be empty); e.g. `[256, 128]`. */
  hidden: number[];
  /** Number of classes K ≥ 2. */
  numClasses: number;
  /** Dropout rate after every hidden layer (and before the classifier when `hidden` is empty); default 0. */
  dropout?: number;
  /** Activation of the hidden layers; default 'relu'. */
  activation?: BlockActivation;
  /** Apply softmax to the output; default `false` (logits). */
  softmax?: boolean;
  /**
   * Name of the backbone layer whose output feeds the head; default the backbone's output.
   * For a tftricks builder pass `'features'` to replace its classifier.
   */
  from?: string;
  /** Integer seed ≥ 0 for the head's initialisers; omit for unseeded. */
  seed?: number;
  /** Prefix of the head's layer names (must not clash with backbone names); default 'head'. */
  prefix?: string;
  /** Name of the new model; default `${backbone.name}_with_head`. */
  name?: string;
}

/**
 * Adds more hidden layers after a backbone (seed §2: "在backbone后面添加更多隐藏层"): features
 * `[N, H, W, C]` are average-pooled (tokens `[N, T, D]` too), then `hidden` dense layers
 * (activation, dropout) and a dense classifier to K logits. The new model shares the
 * backbone's layers and weights, so `freeze(model, …)` on its backbone layers works.
 * Head parameters: Σ (F_in + 1)·F_out over the dense layers. Layer names
 * `${prefix}_pool`, `${prefix}_dense{i}`, `${prefix}_act{i}`, `${prefix}_dropout{i}`, `${prefix}_logits`.
 */
export function withHead(backbone: tfl.LayersModel, options: HeadOptions): tfl.LayersModel {
  const fn = 'withHead';
  if (
    backbone === null ||
    typeof backbone !== 'object' ||
    !Array.isArray((backbone as tfl.LayersModel).layers)
  ) {
    throw new TricksError(fn, 'backbone', 'a tf.LayersModel', describeValue(backbone));
  }
  if (options === null || typeof options !== 'object')
    throw new TricksError(fn, 'options', '{ hidden, numClasses, … }', describeValue(options));
  checkIntArray(fn, 'options.hidden', options.hidden, true);
  assertInteger(fn, 'options.numClasses', options.numClasses, 2);
  const dropout = options.dropout ?? 0;
  checkRate(fn, 'options.dropout', dropout);
  const activation = options.activation ?? 'relu';
  assertOneOf(fn, 'options.activation', activation, ['relu', 'relu6', 'swish', 'gelu'] as const);
  if (options.seed !== undefined) assertInteger(fn, 'options.seed', options.seed, 0);
  const prefix = options.prefix ?? 'head';
  const seeds = seedSequence(options.seed);

  let x: tfl.SymbolicTensor;
  if (options.from === undefined) {
    if (backbone.outputs.length !== 1)
      throw new TricksError(
        fn,
        'backbone',
        'a single-output model (or options.from)',
        `${backbone.outputs.length} outputs`,
      );
    x = backbone.outputs[0]!;
  } else {
    const layer = backbone.layers.find((l) => l.name === options.from);
    if (!layer)
      throw new TricksError(
        fn,
        'options.from',
        `a layer name of '${backbone.name}'`,
        JSON.stringify(options.from),
      );
    x = layer.output as tfl.SymbolicTensor;
  }
  const taken = new Set(backbone.layers.map((l) => l.name));
  const name = (n: string) => {
    const full = `${prefix}_${n}`;
    if (taken.has(full))
      throw new TricksError(
        fn,
        'options.prefix',
        `a prefix whose layer names are not in the backbone`,
        `'${prefix}' (clashes with '${full}')`,
      );
    return full;
  };
  if (x.shape.length === 4)
    x = tfl.layers.globalAveragePooling2d({ name: name('pool') }).apply(x) as tfl.SymbolicTensor;
  else if (x.shape.length === 3)
    x = tfl.layers.globalAveragePooling1d({ name: name('pool') }).apply(x) as tfl.SymbolicTensor;
  else if (x.shape.length !== 2)
    throw new TricksError(
      fn,
      'options.from',
      'a layer with [N, F], [N, T, D] or [N, H, W, C] output',
      `shape [${x.shape.join(', ')}]`,
    );

  const drop = (i: number | string) => {
    if (dropout > 0)
      x = tfl.layers
        .dropout({ rate: dropout, seed: seeds.next(), name: name(`dropout${i}`) })
        .apply(x) as tfl.SymbolicTensor;
  };
  options.hidden.forEach((units, i) => {
    const init =
      activation === 'relu' || activation === 'relu6'
        ? tfl.initializers.heNormal({ seed: seeds.next() })
        : tfl.initializers.glorotUniform({ seed: seeds.next() });
    x = tfl.layers
      .dense({ units, kernelInitializer: init, name: name(`dense${i}`) })
      .apply(x) as tfl.SymbolicTensor;
    x = activationLayer(activation, name(`act${i}`)).apply(x) as tfl.SymbolicTensor;
    drop(i);
  });
  if (options.hidden.length === 0) drop('');
  x = tfl.layers
    .dense({
      units: options.numClasses,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seeds.next() }),
      name: name('logits'),
    })
    .apply(x) as tfl.SymbolicTensor;
  if (options.softmax)
    x = tfl.layers.activation({ activation: 'softmax', name: name('probs') }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({
    inputs: backbone.inputs,
    outputs: x,
    name: options.name ?? `${backbone.name}_with_head`,
  });
}
