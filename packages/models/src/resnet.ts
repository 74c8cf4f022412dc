import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import {
  assertStagesFit,
  type ClassifierOptions,
  checkClassifierOptions,
  checkRate,
  classifierHead,
  imageInput,
} from './classifier-options';
import { convBn } from './conv-bn';
import { dropPathRates, residualJoin } from './residual';

/** Options of {@link resnet}. */
export interface ResNetOptions extends ClassifierOptions {
  /** `'basic'` (two 3×3 convs, default) or `'bottleneck'` (1×1 → 3×3 → 1×1, 4× expansion). */
  block?: 'basic' | 'bottleneck';
  /**
   * Weighted layers: basic 2·S·n + 2 (S = stages: 20, 32, 44, 56 for S = 3), bottleneck
   * 3·S·n + 2 (29, 56, …), n blocks per stage. Default 20.
   */
  depth?: number;
  /** Channels of the stem and first stage; stage s has width·2^s (×4 at bottleneck outputs). Default 16. */
  width?: number;
  /** Number of stages S ≥ 1; each after the first halves H and W. Default 3. */
  stages?: number;
  /** Dropout rate before the classifier; default 0. */
  dropout?: number;
  /** Stochastic depth: the last block's drop-path rate, rising linearly from 0; default 0. */
  dropPath?: number;
}

/**
 * The CIFAR-style ResNet of He et al. (2016, §4.2) for 28–64 px inputs: a 3×3 stem, S stages
 * of n residual blocks (basic or bottleneck, BN after every conv, 1×1 projection shortcuts
 * when the shape changes), global average pooling and a dense classifier.
 *
 * Input `[N, H, W, C]`, output `[N, K]` logits (probabilities with `softmax: true`). The
 * default ResNet-20 (width 16) has 273,754 parameters (incl. BN statistics) for 28×28×1 and 10 classes. Layer
 * names: `stem_*`, `stage{s}_block{b}_*`, `features`, `logits`.
 */
export function resnet(options: ResNetOptions): tfl.LayersModel {
  const fn = 'resnet';
  const seeds = checkClassifierOptions(fn, options);
  const block = options.block ?? 'basic';
  assertOneOf(fn, 'options.block', block, ['basic', 'bottleneck'] as const);
  const stages = options.stages ?? 3;
  assertInteger(fn, 'options.stages', stages, 1);
  const depth = options.depth ?? 20;
  const perBlock = block === 'basic' ? 2 : 3;
  assertInteger(fn, 'options.depth', depth, perBlock * stages + 2);
  if ((depth - 2) % (perBlock * stages) !== 0) {
    throw new TricksError(
      fn,
      'options.depth',
      `${perBlock}·${stages}·n + 2 for ${block} blocks in ${stages} stages`,
      describeValue(depth),
    );
  }
  const n = (depth - 2) / (perBlock * stages);
  const width = options.width ?? 16;
  assertInteger(fn, 'options.width', width, 1);
  const dropout = options.dropout ?? 0;
  checkRate(fn, 'options.dropout', dropout);
  const dropPath = options.dropPath ?? 0;
  checkRate(fn, 'options.dropPath', dropPath);
  assertStagesFit(fn, options.inputShape, stages);

  const input = imageInput(options);
  let x = convBn(input, { filters: width, kernelSize: 3, activation: 'relu', name: 'stem', seeds });
  let channels = width;
  const rates = dropPathRates(dropPath, stages * n);
  for (let s = 0; s < stages; s++) {
    const w = width * 2 ** s;
    for (let b = 0; b < n; b++) {
      const name = `stage${s}_block${b}`;
      const strides = s > 0 && b === 0 ? 2 : 1;
      let y: tfl.SymbolicTensor;
      let out: number;
      if (block === 'basic') {
        out = w;
        y = convBn(x, { filters: w, kernelSize: 3, strides, activation: 'relu', name: `${name}_1`, seeds });
        y = convBn(y, { filters: w, kernelSize: 3, activation: null, name: `${name}_2`, seeds });
      } else {
        out = 4 * w;
        y = convBn(x, { filters: w, kernelSize: 1, activation: 'relu', name: `${name}_1`, seeds });
        y = convBn(y, { filters: w, kernelSize: 3, strides, activation: 'relu', name: `${name}_2`, seeds });
        y = convBn(y, { filters: out, kernelSize: 1, activation: null, name: `${name}_3`, seeds });
      }
      x = residualJoin(x, y, {
        inChannels: channels,
        outChannels: out,
        strides,
        dropPath: rates[s * n + b]!,
        activation: 'relu',
        name,
        seeds,
      });
      channels = out;
    }
  }
  const features = tfl.layers.globalAveragePooling2d({ name: 'features' }).apply(x) as tfl.SymbolicTensor;
  const output = classifierHead(features, options, seeds, dropout);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? `resnet${depth}` });
}
