import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import {
  applyLayer,
  type ClassifierOptions,
  checkClassifierOptions,
  checkIntArray,
  checkRate,
  classifierHead,
  heNormal,
  imageInput,
} from './classifier-options';

/** Options of {@link simpleCnn}. */
export interface SimpleCnnOptions extends ClassifierOptions {
  /** Channels of each stage; default `[32, 64, 128]`. Stages after the first start with a 2×2 max-pool. */
  widths?: number[];
  /** 3×3 convolutions per stage; default 2. */
  convsPerStage?: number;
  /** Conv → BatchNorm → ReLU (convs then have no bias); default `true`. */
  batchNorm?: boolean;
  /** Dropout rate at the end of every stage (after the pool of the next); default 0.1. In [0, 1). */
  stageDropout?: number;
  /** Dropout rate before the classifier; default 0.3. In [0, 1). */
  dropout?: number;
  /** `'avg'` global average pooling (default) or `'flatten'` before the classifier. */
  pooling?: 'avg' | 'flatten';
}

/**
 * A VGG-style CNN for small images: stages of `convsPerStage` 3×3 convs (BatchNorm, ReLU),
 * 2×2 max-pool between stages, dropout, global average pooling and a dense classifier.
 *
 * Input `[N, H, W, C]` float32 (e.g. `[N, 28, 28, 1]` in [0, 1]), output `[N, K]` logits
 * (or probabilities with `softmax: true`). Defaults (widths [32, 64, 128], 2 convs per
 * stage) give 289,066 parameters (incl. BN statistics) for 28×28×1 and 10 classes. Layer names:
 * `stage{s}_conv{i}`, `stage{s}_bn{i}`, `stage{s}_pool`, `features`, `logits`.
 */
export function simpleCnn(options: SimpleCnnOptions): tfl.LayersModel {
  const fn = 'simpleCnn';
  const seeds = checkClassifierOptions(fn, options);
  const widths = options.widths ?? [32, 64, 128];
  checkIntArray(fn, 'options.widths', widths);
  const convs = options.convsPerStage ?? 2;
  assertInteger(fn, 'options.convsPerStage', convs, 1);
  const bn = options.batchNorm ?? true;
  if (typeof bn !== 'boolean') throw new TricksError(fn, 'options.batchNorm', 'a boolean', describeValue(bn));
  const stageDropout = options.stageDropout ?? 0.1;
  const dropout = options.dropout ?? 0.3;
  checkRate(fn, 'options.stageDropout', stageDropout);
  checkRate(fn, 'options.dropout', dropout);
  const pooling = options.pooling ?? 'avg';
  if (pooling !== 'avg' && pooling !== 'flatten') {
    throw new TricksError(fn, 'options.pooling', "'avg' or 'flatten'", describeValue(pooling));
  }
  const minSize = 2 ** (widths.length - 1);
  const [h, w] = options.inputShape;
  if (h < minSize || w < minSize) {
    throw new TricksError(
      fn,
      'options.inputShape',
      `H, W ≥ ${minSize} for ${widths.length} stages`,
      `[${options.inputShape.join(', ')}]`,
    );
  }

  const input = imageInput(options);
  let x = input;
  widths.forEach((width, s) => {
    if (s > 0)
      x = applyLayer(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `stage${s}_pool` }), x);
    for (let i = 0; i < convs; i++) {
      const conv = tfl.layers.conv2d({
        filters: width,
        kernelSize: 3,
        padding: 'same',
        useBias: !bn,
        kernelInitializer: heNormal(seeds),
        name: `stage${s}_conv${i}`,
      });
      x = applyLayer(conv, x);
      if (bn) x = applyLayer(tfl.layers.batchNormalization({ name: `stage${s}_bn${i}` }), x);
      x = applyLayer(tfl.layers.reLU({ name: `stage${s}_relu${i}` }), x);
    }
    if (stageDropout > 0 && s < widths.length - 1) {
      x = applyLayer(
        tfl.layers.dropout({ rate: stageDropout, seed: seeds.next(), name: `stage${s}_dropout` }),
        x,
      );
    }
  });
  const features = applyLayer(
    pooling === 'avg'
      ? tfl.layers.globalAveragePooling2d({ name: 'features' })
      : tfl.layers.flatten({ name: 'features' }),
    x,
  );
  const output = classifierHead(features, options, seeds, dropout);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'simple_cnn' });
}
