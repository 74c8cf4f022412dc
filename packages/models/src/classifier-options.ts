import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import { type SeedSequence, seedSequence } from './seed-sequence';

/** Options every classifier builder shares. */
export interface ClassifierOptions {
  /** One image's shape `[H, W, C]`, e.g. `[28, 28, 1]` (NHWC without N). H, W ≥ 8; C ≥ 1. */
  inputShape: [number, number, number];
  /** Number of classes K ≥ 2. The model outputs `[N, K]`. */
  numClasses: number;
  /** Apply softmax to the output (probabilities). Default `false`: logits, for a logits loss. */
  softmax?: boolean;
  /**
   * Integer seed (≥ 0) for every weight initialiser: the same seed gives bit-identical
   * initial weights. Omitted: tfjs-layers' own unseeded initialisers.
   */
  seed?: number;
  /** The model's name; defaults to the builder's name. */
  name?: string;
}

/** Validates the shared options and returns the per-layer seed source. */
export function checkClassifierOptions(fn: string, options: ClassifierOptions, minSize = 8): SeedSequence {
  if (options === null || typeof options !== 'object') {
    throw new TricksError(fn, 'options', '{ inputShape: [H, W, C], numClasses, … }', describeValue(options));
  }
  const shape = options.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new TricksError(fn, 'options.inputShape', '[H, W, C] with positive integers', describeValue(shape));
  }
  if (shape[0] < minSize || shape[1] < minSize) {
    throw new TricksError(
      fn,
      'options.inputShape',
      `H, W ≥ ${minSize} for this architecture`,
      `[${shape.join(', ')}]`,
    );
  }
  assertInteger(fn, 'options.numClasses', options.numClasses, 2);
  if (options.seed !== undefined) assertInteger(fn, 'options.seed', options.seed, 0);
  if (options.softmax !== undefined && typeof options.softmax !== 'boolean') {
    throw new TricksError(fn, 'options.softmax', 'a boolean', describeValue(options.softmax));
  }
  return seedSequence(options.seed);
}

/**
 * Throws unless an input of `inputShape` survives `stages` stages that halve H and W after the
 * first (each stage after the first starts with a stride-2 step), i.e. H, W ≥ 2^(stages − 1).
 */
export function assertStagesFit(fn: string, inputShape: readonly number[], stages: number): void {
  const minSize = 2 ** (stages - 1);
  if (inputShape[0]! < minSize || inputShape[1]! < minSize) {
    throw new TricksError(
      fn,
      'options.inputShape',
      `H, W ≥ ${minSize} for ${stages} stages`,
      `[${inputShape.join(', ')}]`,
    );
  }
}

/** Throws unless `x` is undefined or a number in [0, 1) (a drop rate). */
export function checkRate(fn: string, arg: string, x: unknown): void {
  if (x === undefined) return;
  if (typeof x !== 'number' || !(x >= 0 && x < 1))
    throw new TricksError(fn, arg, 'a rate in [0, 1)', describeValue(x));
}

/** Throws unless `x` is an array of integers ≥ 1 (channel widths, repeats, …), non-empty. */
export function checkIntArray(
  fn: string,
  arg: string,
  x: unknown,
  allowEmpty = false,
): asserts x is number[] {
  if (
    !Array.isArray(x) ||
    (!allowEmpty && x.length === 0) ||
    !x.every((d) => Number.isInteger(d) && d >= 1)
  ) {
    throw new TricksError(
      fn,
      arg,
      `${allowEmpty ? 'an' : 'a non-empty'} array of integers ≥ 1`,
      describeValue(x),
    );
  }
}

/**
 * The shared classifier tail: optional dropout, a dense layer to K classes named `logits`,
 * and an optional softmax named `probs`. `features` is the pooled [N, F] tensor.
 */
export function classifierHead(
  features: tfl.SymbolicTensor,
  options: ClassifierOptions,
  seeds: SeedSequence,
  dropout = 0,
): tfl.SymbolicTensor {
  let x = features;
  if (dropout > 0)
    x = tfl.layers
      .dropout({ rate: dropout, seed: seeds.next(), name: 'head_dropout' })
      .apply(x) as tfl.SymbolicTensor;
  x = tfl.layers
    .dense({
      units: options.numClasses,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seeds.next() }),
      name: 'logits',
    })
    .apply(x) as tfl.SymbolicTensor;
  if (options.softmax)
    x = tfl.layers.activation({ activation: 'softmax', name: 'probs' }).apply(x) as tfl.SymbolicTensor;
  return x;
}

/** He-normal initialiser (ReLU nets) with the next seed. */
export function heNormal(seeds: SeedSequence): Initializer {
  return tfl.initializers.heNormal({ seed: seeds.next() });
}

/** Convenience: apply a layer to one symbolic tensor. */
export function applyLayer(
  layer: tfl.layers.Layer,
  x: tfl.SymbolicTensor | tfl.SymbolicTensor[],
): tfl.SymbolicTensor {
  return layer.apply(x) as tfl.SymbolicTensor;
}

/** The symbolic input of a builder. */
export function imageInput(options: ClassifierOptions): tfl.SymbolicTensor {
  return tfl.input({ shape: options.inputShape, name: 'images' });
}
