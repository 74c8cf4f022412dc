import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import {
  type ClassifierOptions,
  checkClassifierOptions,
  checkIntArray,
  checkRate,
  classifierHead,
  imageInput,
} from './classifier-options';
import { DropPath } from './drop-path';
import { PatchMerging } from './patch-merging';
import { dropPathRates } from './residual';
import { WindowAttention } from './window-attention';

/** Options of {@link swinTiny}. */
export interface SwinTinyOptions extends ClassifierOptions {
  /** Patch side p (divides H and W); default 2 (a 14×14 grid at 28×28). */
  patchSize?: number;
  /** Token width of the first stage; doubles at every patch merging. Default 48. */
  dim?: number;
  /** Blocks per stage (alternating plain and shifted windows); default [2, 2]. */
  depths?: number[];
  /** Heads per stage; default [3, 6]. */
  numHeads?: number[];
  /** Window side w; clipped to the grid when the grid is smaller (then no shift), as Swin does. Default 7. */
  windowSize?: number;
  /** MLP hidden width = round(mlpRatio · C); default 2. */
  mlpRatio?: number;
  /** Dropout before the classifier; default 0. */
  dropout?: number;
  /** Stochastic depth: the last block's drop-path rate, rising linearly; default 0.1. */
  dropPath?: number;
}

/**
 * A tiny Swin Transformer (Liu et al. 2021) for small images: p×p patch embedding +
 * LayerNorm, stages of pre-norm blocks with window attention (shifted by ⌊w/2⌋ in every
 * other block) and GELU MLPs, patch merging (2×2 concat → LayerNorm → 4C→2C) between stages,
 * a final LayerNorm, token average pooling and a dense classifier.
 *
 * Input `[N, H, W, C]`, output `[N, K]` logits. The default (p 2, C 48, depths [2, 2],
 * heads [3, 6], window 7) has 210,844 parameters for 28×28×1 and 10 classes.
 */
export function swinTiny(options: SwinTinyOptions): tfl.LayersModel {
  const fn = 'swinTiny';
  const seeds = checkClassifierOptions(fn, options, 1);
  const p = options.patchSize ?? 2;
  assertInteger(fn, 'options.patchSize', p, 1);
  const [h, w] = options.inputShape;
  if (h % p !== 0 || w % p !== 0)
    throw new TricksError(fn, 'options.patchSize', `a divisor of H = ${h} and W = ${w}`, `${p}`);
  const dim = options.dim ?? 48;
  assertInteger(fn, 'options.dim', dim, 1);
  const depths = options.depths ?? [2, 2];
  checkIntArray(fn, 'options.depths', depths);
  const heads = options.numHeads ?? [3, 6];
  checkIntArray(fn, 'options.numHeads', heads);
  if (heads.length !== depths.length)
    throw new TricksError(
      fn,
      'options.numHeads',
      `${depths.length} head counts (one per stage)`,
      describeValue(heads),
    );
  const window = options.windowSize ?? 7;
  assertInteger(fn, 'options.windowSize', window, 1);
  const mlpRatio = options.mlpRatio ?? 2;
  assertNumberInRange(fn, 'options.mlpRatio', mlpRatio, 0.01, 64);
  const dropout = options.dropout ?? 0;
  checkRate(fn, 'options.dropout', dropout);
  const dropPath = options.dropPath ?? 0.1;
  checkRate(fn, 'options.dropPath', dropPath);
  let gh = h / p;
  let gw = w / p;
  // Validate the whole pyramid before building anything.
  {
    let rh = gh;
    let rw = gw;
    depths.forEach((_, s) => {
      const c = dim * 2 ** s;
      if (c % heads[s]! !== 0)
        throw new TricksError(
          fn,
          `options.numHeads[${s}]`,
          `a divisor of the stage width ${c}`,
          `${heads[s]}`,
        );
      const win = Math.min(window, rh, rw);
      if (rh % win !== 0 || rw % win !== 0)
        throw new TricksError(
          fn,
          'options.windowSize',
          `a divisor of the stage-${s} grid ${rh}×${rw}`,
          `${window}`,
        );
      if (s < depths.length - 1) {
        if (rh % 2 !== 0 || rw % 2 !== 0)
          throw new TricksError(
            fn,
            'options.depths',
            `stages whose grids stay even until the last (stage ${s} grid ${rh}×${rw})`,
            describeValue(depths),
          );
        rh /= 2;
        rw /= 2;
      }
    });
  }

  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(x) as tfl.SymbolicTensor;
  const glorot = () => tfl.initializers.glorotUniform({ seed: seeds.next() });
  const input = imageInput(options);
  let x = apply(
    tfl.layers.conv2d({
      filters: dim,
      kernelSize: p,
      strides: p,
      padding: 'valid',
      kernelInitializer: glorot(),
      name: 'patch_embed',
    }),
    input,
  );
  x = apply(tfl.layers.reshape({ targetShape: [gh * gw, dim], name: 'patch_tokens' }), x);
  x = apply(tfl.layers.layerNormalization({ epsilon: 1e-5, name: 'patch_norm' }), x);
  const rates = dropPathRates(
    dropPath,
    depths.reduce((a, b) => a + b, 0),
  );
  let blockIndex = 0;
  let c = dim;
  depths.forEach((depth, s) => {
    const win = Math.min(window, gh, gw);
    for (let i = 0; i < depth; i++) {
      const name = `stage${s}_block${i}`;
      const shift = i % 2 === 1 && win < Math.min(gh, gw) ? Math.floor(win / 2) : 0;
      const rate = rates[blockIndex++]!;
      const residual = (skip: tfl.SymbolicTensor, branch: tfl.SymbolicTensor, part: string) => {
        const b =
          rate > 0
            ? apply(new DropPath({ rate, seed: seeds.next(), name: `${name}_${part}_drop_path` }), branch)
            : branch;
        return apply(tfl.layers.add({ name: `${name}_${part}_add` }), [skip, b]);
      };
      let y = apply(tfl.layers.layerNormalization({ epsilon: 1e-5, name: `${name}_norm1` }), x);
      y = apply(
        new WindowAttention({
          resolution: [gh, gw],
          windowSize: win,
          shift,
          numHeads: heads[s]!,
          seed: seeds.next(),
          name: `${name}_attention`,
        }),
        y,
      );
      x = residual(x, y, 'attn');
      y = apply(tfl.layers.layerNormalization({ epsilon: 1e-5, name: `${name}_norm2` }), x);
      y = apply(
        tfl.layers.dense({
          units: Math.max(1, Math.round(mlpRatio * c)),
          activation: 'gelu',
          kernelInitializer: glorot(),
          name: `${name}_mlp_fc1`,
        }),
        y,
      );
      y = apply(tfl.layers.dense({ units: c, kernelInitializer: glorot(), name: `${name}_mlp_fc2` }), y);
      x = residual(x, y, 'mlp');
    }
    if (s < depths.length - 1) {
      x = apply(new PatchMerging({ resolution: [gh, gw], name: `stage${s}_merge` }), x);
      x = apply(tfl.layers.layerNormalization({ epsilon: 1e-5, name: `stage${s}_merge_norm` }), x);
      x = apply(
        tfl.layers.dense({
          units: 2 * c,
          useBias: false,
          kernelInitializer: glorot(),
          name: `stage${s}_merge_reduce`,
        }),
        x,
      );
      gh /= 2;
      gw /= 2;
      c *= 2;
    }
  });
  x = apply(tfl.layers.layerNormalization({ epsilon: 1e-5, name: 'norm' }), x);
  const features = apply(tfl.layers.globalAveragePooling1d({ name: 'features' }), x);
  const output = classifierHead(features, options, seeds, dropout);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'swin_tiny' });
}
