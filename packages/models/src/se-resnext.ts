import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, describeValue, TricksError } from '@tftricks/core';
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
import { squeezeExcitation } from './squeeze-excitation';

/** Options of {@link seResNeXt}. */
export interface SeResNeXtOptions extends ClassifierOptions {
  /** 3·S·n + 2 weighted layers (n bottleneck blocks per stage); default 20 (n = 2 for S = 3). */
  depth?: number;
  /** Groups of the 3×3 conv (ResNeXt's C); default 8. */
  cardinality?: number;
  /** Channels per group in the first stage (ResNeXt's d), doubling per stage; default 4. */
  groupWidth?: number;
  /** Stem channels; default 32. */
  stemWidth?: number;
  /** Stages S ≥ 1; each after the first halves H and W. Default 3. */
  stages?: number;
  /** SE reduction r: squeeze width ⌊C_out / r⌋ (at least 1); default 16. */
  seReduction?: number;
  /** Dropout rate before the classifier; default 0. */
  dropout?: number;
  /** Stochastic depth: the last block's drop-path rate, rising linearly from 0; default 0. */
  dropPath?: number;
}

/**
 * SE-ResNeXt (Xie et al. 2017; Hu et al. 2018) sized for small images. Each bottleneck
 * block is 1×1 (D = C·d·2^s) → grouped 3×3 (C groups, a real {@link GroupedConv2D}) →
 * 1×1 to 2·D, squeeze-excitation on the branch, then the residual sum (projection shortcut
 * when the shape changes). 3×3 stem, global average pooling, dense classifier.
 *
 * Input `[N, H, W, C]`, output `[N, K]` logits. The default (depth 20, 8×4d, stem 32)
 * has 276,322 parameters for 28×28×1 and 10 classes.
 */
export function seResNeXt(options: SeResNeXtOptions): tfl.LayersModel {
  const fn = 'seResNeXt';
  const seeds = checkClassifierOptions(fn, options);
  const stages = options.stages ?? 3;
  assertInteger(fn, 'options.stages', stages, 1);
  const depth = options.depth ?? 20;
  assertInteger(fn, 'options.depth', depth, 3 * stages + 2);
  if ((depth - 2) % (3 * stages) !== 0) {
    throw new TricksError(
      fn,
      'options.depth',
      `3·${stages}·n + 2 (bottleneck blocks in ${stages} stages)`,
      describeValue(depth),
    );
  }
  const n = (depth - 2) / (3 * stages);
  const cardinality = options.cardinality ?? 8;
  assertInteger(fn, 'options.cardinality', cardinality, 1);
  const groupWidth = options.groupWidth ?? 4;
  assertInteger(fn, 'options.groupWidth', groupWidth, 1);
  const stemWidth = options.stemWidth ?? 32;
  assertInteger(fn, 'options.stemWidth', stemWidth, 1);
  const reduction = options.seReduction ?? 16;
  assertInteger(fn, 'options.seReduction', reduction, 1);
  const dropout = options.dropout ?? 0;
  checkRate(fn, 'options.dropout', dropout);
  const dropPath = options.dropPath ?? 0;
  checkRate(fn, 'options.dropPath', dropPath);
  assertStagesFit(fn, options.inputShape, stages);

  const input = imageInput(options);
  let x = convBn(input, { filters: stemWidth, kernelSize: 3, activation: 'relu', name: 'stem', seeds });
  let channels = stemWidth;
  const rates = dropPathRates(dropPath, stages * n);
  for (let s = 0; s < stages; s++) {
    const inner = cardinality * groupWidth * 2 ** s;
    const out = 2 * inner;
    for (let b = 0; b < n; b++) {
      const name = `stage${s}_block${b}`;
      const strides = s > 0 && b === 0 ? 2 : 1;
      let y = convBn(x, { filters: inner, kernelSize: 1, activation: 'relu', name: `${name}_1`, seeds });
      y = convBn(y, {
        filters: inner,
        kernelSize: 3,
        strides,
        groups: cardinality,
        activation: 'relu',
        name: `${name}_2`,
        seeds,
      });
      y = convBn(y, { filters: out, kernelSize: 1, activation: null, name: `${name}_3`, seeds });
      y = squeezeExcitation(y, {
        channels: out,
        squeezeChannels: Math.max(1, Math.floor(out / reduction)),
        name: `${name}_se`,
        seeds,
      });
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
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'se_resnext' });
}
