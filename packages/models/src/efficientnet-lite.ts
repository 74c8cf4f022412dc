import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import {
  type ClassifierOptions,
  checkClassifierOptions,
  checkRate,
  classifierHead,
  imageInput,
} from './classifier-options';
import { type BlockActivation, convBn } from './conv-bn';
import { mbConvBlock } from './mbconv-block';
import { dropPathRates } from './residual';

/** One row of the MBConv stage table (EfficientNet Table 1). */
export interface MbConvStage {
  /** Expansion ratio t (1 or 6 in EfficientNet). */
  expandRatio: number;
  /** Output channels before the width multiplier. */
  channels: number;
  /** Blocks before the depth multiplier. */
  repeats: number;
  /** Stride of the stage's first block (1 or 2). */
  stride: number;
  /** Depthwise kernel side. */
  kernelSize: number;
}

/**
 * The default stage table for 28–64 px inputs: EfficientNet-B0's first five stages (MBConv1
 * k3 16, MBConv6 k3 24 ×2 s2, MBConv6 k5 40 ×2 s2, MBConv6 k3 80 ×2 s2, MBConv6 k5 112 s1),
 * with the 80-channel stage shortened to 2 blocks; the stem keeps stride 1 on small inputs.
 */
export const SMALL_MBCONV_STAGES: readonly MbConvStage[] = [
  { expandRatio: 1, channels: 16, repeats: 1, stride: 1, kernelSize: 3 },
  { expandRatio: 6, channels: 24, repeats: 2, stride: 2, kernelSize: 3 },
  { expandRatio: 6, channels: 40, repeats: 2, stride: 2, kernelSize: 5 },
  { expandRatio: 6, channels: 80, repeats: 2, stride: 2, kernelSize: 3 },
  { expandRatio: 6, channels: 112, repeats: 1, stride: 1, kernelSize: 5 },
];

/** Options of {@link efficientNetLite}. */
export interface EfficientNetLiteOptions extends ClassifierOptions {
  /** Channel multiplier φ_w > 0 (rounded to multiples of 8, as EfficientNet); default 1. */
  widthMultiplier?: number;
  /** Repeat multiplier φ_d > 0 (⌈repeats · φ_d⌉); default 1. */
  depthMultiplier?: number;
  /** Stage table; default {@link SMALL_MBCONV_STAGES}. */
  stages?: MbConvStage[];
  /** Stem channels (not scaled, as in Lite); default 32. */
  stemChannels?: number;
  /** Stride of the 3×3 stem; default 1 (2 in ImageNet models). */
  stemStride?: number;
  /** Channels of the final 1×1 conv (not scaled, as in Lite); default 320. */
  headChannels?: number;
  /** SE ratio of the block input width; default 0.25 (B0). 0 gives EfficientNet-Lite proper (no SE). */
  seRatio?: number;
  /** 'relu6' (Lite, default) or 'swish' (B0). */
  activation?: 'relu6' | 'swish';
  /** Dropout rate before the classifier; default 0.2. */
  dropout?: number;
  /** Stochastic depth: the last block's drop-path rate, rising linearly; default 0. */
  dropPath?: number;
}

/** EfficientNet's channel rounding: c·φ to a multiple of 8, never below 90 % of c·φ. */
export function roundFilters(channels: number, multiplier: number, divisor = 8): number {
  const c = channels * multiplier;
  let out = Math.max(divisor, Math.floor((c + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * c) out += divisor;
  return out;
}

/**
 * EfficientNet-Lite (Tan & Le 2019; the Lite variants drop SE and use ReLU6 — here SE is an
 * option, on by default) for small images: 3×3 stem → MBConv stages (depthwise conv,
 * squeeze-excitation, linear bottleneck, drop-path residuals) → 1×1 head conv → global
 * average pooling → dropout → dense classifier. Width/depth multipliers scale the stages.
 *
 * Input `[N, H, W, C]`, output `[N, K]` logits. Defaults give 379,774 parameters (incl. BN statistics) for
 * 28×28×1 and 10 classes. Layer names `stem_*`, `stage{s}_block{b}_*`, `head_*`, `features`, `logits`.
 */
export function efficientNetLite(options: EfficientNetLiteOptions): tfl.LayersModel {
  const fn = 'efficientNetLite';
  const seeds = checkClassifierOptions(fn, options);
  const wm = options.widthMultiplier ?? 1;
  const dm = options.depthMultiplier ?? 1;
  assertNumberInRange(fn, 'options.widthMultiplier', wm, 0.01, 16);
  assertNumberInRange(fn, 'options.depthMultiplier', dm, 0.01, 16);
  const stages = options.stages ?? SMALL_MBCONV_STAGES;
  if (!Array.isArray(stages) || stages.length === 0)
    throw new TricksError(fn, 'options.stages', 'a non-empty stage table', describeValue(stages));
  stages.forEach((st, i) => {
    for (const key of ['expandRatio', 'channels', 'repeats', 'stride', 'kernelSize'] as const) {
      assertInteger(fn, `options.stages[${i}].${key}`, st?.[key], 1);
    }
  });
  const stem = options.stemChannels ?? 32;
  assertInteger(fn, 'options.stemChannels', stem, 1);
  const stemStride = options.stemStride ?? 1;
  assertInteger(fn, 'options.stemStride', stemStride, 1);
  const head = options.headChannels ?? 320;
  assertInteger(fn, 'options.headChannels', head, 1);
  const seRatio = options.seRatio ?? 0.25;
  assertNumberInRange(fn, 'options.seRatio', seRatio, 0, 1);
  const activation: BlockActivation = options.activation ?? 'relu6';
  assertOneOf(fn, 'options.activation', activation, ['relu6', 'swish'] as const);
  const dropout = options.dropout ?? 0.2;
  checkRate(fn, 'options.dropout', dropout);
  const dropPath = options.dropPath ?? 0;
  checkRate(fn, 'options.dropPath', dropPath);
  const totalStride = stages.reduce((a, st) => a * st.stride, stemStride);
  if (options.inputShape[0] < totalStride || options.inputShape[1] < totalStride) {
    throw new TricksError(
      fn,
      'options.inputShape',
      `H, W ≥ the total stride ${totalStride}`,
      `[${options.inputShape.join(', ')}]`,
    );
  }

  const input = imageInput(options);
  let x = convBn(input, {
    filters: stem,
    kernelSize: 3,
    strides: stemStride,
    activation,
    name: 'stem',
    seeds,
  });
  let channels = stem;
  const repeats = stages.map((st) => Math.ceil(st.repeats * dm));
  const rates = dropPathRates(
    dropPath,
    repeats.reduce((a, b) => a + b, 0),
  );
  let blockIndex = 0;
  stages.forEach((st, s) => {
    const out = roundFilters(st.channels, wm);
    for (let b = 0; b < repeats[s]!; b++) {
      x = mbConvBlock(x, {
        inChannels: channels,
        outChannels: out,
        expandRatio: st.expandRatio,
        kernelSize: st.kernelSize,
        strides: b === 0 ? st.stride : 1,
        seRatio,
        activation,
        dropPath: rates[blockIndex++]!,
        name: `stage${s}_block${b}`,
        seeds,
      });
      channels = out;
    }
  });
  x = convBn(x, { filters: head, kernelSize: 1, activation, name: 'head', seeds });
  const features = tfl.layers.globalAveragePooling2d({ name: 'features' }).apply(x) as tfl.SymbolicTensor;
  const output = classifierHead(features, options, seeds, dropout);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'efficientnet_lite' });
}
