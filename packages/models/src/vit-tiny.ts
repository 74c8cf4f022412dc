import * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, assertNumberInRange, TricksError } from '@tftricks/core';
import { ClassToken, ClassTokenReadout } from './class-token';
import {
  type ClassifierOptions,
  checkClassifierOptions,
  checkRate,
  classifierHead,
  imageInput,
} from './classifier-options';
import { DropPath } from './drop-path';
import { MultiHeadSelfAttention } from './multi-head-self-attention';
import { PositionEmbedding } from './position-embedding';
import { dropPathRates } from './residual';

/** Options of {@link vitTiny}. */
export interface VitTinyOptions extends ClassifierOptions {
  /** Patch side p; must divide H and W. Default 4 (49 patches at 28×28). */
  patchSize?: number;
  /** Token width D; default 64. */
  dim?: number;
  /** Transformer blocks; default 6. */
  depth?: number;
  /** Attention heads (D divisible by it); default 4. */
  numHeads?: number;
  /** MLP hidden width = round(mlpRatio · D); default 2. */
  mlpRatio?: number;
  /** Dropout rate before the classifier; default 0. */
  dropout?: number;
  /** Stochastic depth: the last block's drop-path rate, rising linearly; default 0.1. */
  dropPath?: number;
}

/**
 * A tiny Vision Transformer (Dosovitskiy et al. 2021) for small images: p×p patch embedding
 * (a stride-p conv), a learned class token and position embedding, `depth` pre-norm blocks
 * (LayerNorm → multi-head self-attention → drop-path residual; LayerNorm → GELU MLP →
 * drop-path residual), a final LayerNorm, and a dense classifier on the class token.
 *
 * Input `[N, H, W, C]`, output `[N, K]` logits. The default (p 4, D 64, depth 6, 4 heads,
 * MLP ×2) has 205,962 parameters for 28×28×1 and 10 classes. Custom layers: {@link ClassToken},
 * {@link PositionEmbedding}, {@link MultiHeadSelfAttention}, {@link ClassTokenReadout}.
 */
export function vitTiny(options: VitTinyOptions): tfl.LayersModel {
  const fn = 'vitTiny';
  const seeds = checkClassifierOptions(fn, options, 1);
  const p = options.patchSize ?? 4;
  assertInteger(fn, 'options.patchSize', p, 1);
  const [h, w] = options.inputShape;
  if (h % p !== 0 || w % p !== 0) {
    throw new TricksError(fn, 'options.patchSize', `a divisor of H = ${h} and W = ${w}`, `${p}`);
  }
  const dim = options.dim ?? 64;
  assertInteger(fn, 'options.dim', dim, 1);
  const depth = options.depth ?? 6;
  assertInteger(fn, 'options.depth', depth, 1);
  const heads = options.numHeads ?? 4;
  assertInteger(fn, 'options.numHeads', heads, 1);
  if (dim % heads !== 0)
    throw new TricksError(fn, 'options.numHeads', `a divisor of dim = ${dim}`, `${heads}`);
  const mlpRatio = options.mlpRatio ?? 2;
  assertNumberInRange(fn, 'options.mlpRatio', mlpRatio, 0.01, 64);
  const mlp = Math.max(1, Math.round(mlpRatio * dim));
  const dropout = options.dropout ?? 0;
  checkRate(fn, 'options.dropout', dropout);
  const dropPath = options.dropPath ?? 0.1;
  checkRate(fn, 'options.dropPath', dropPath);
  const tokens = (h / p) * (w / p);

  const input = imageInput(options);
  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(x) as tfl.SymbolicTensor;
  let x = apply(
    tfl.layers.conv2d({
      filters: dim,
      kernelSize: p,
      strides: p,
      padding: 'valid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seeds.next() }),
      name: 'patch_embed',
    }),
    input,
  );
  x = apply(tfl.layers.reshape({ targetShape: [tokens, dim], name: 'patch_tokens' }), x);
  x = apply(new ClassToken({ seed: seeds.next(), name: 'class_token' }), x);
  x = apply(new PositionEmbedding({ seed: seeds.next(), name: 'position_embedding' }), x);
  const rates = dropPathRates(dropPath, depth);
  const dense = (units: number, name: string, activation?: 'gelu') =>
    tfl.layers.dense({
      units,
      activation,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seeds.next() }),
      name,
    });
  const residual = (skip: tfl.SymbolicTensor, branch: tfl.SymbolicTensor, rate: number, name: string) => {
    const b =
      rate > 0
        ? apply(new DropPath({ rate, seed: seeds.next(), name: `${name}_drop_path` }), branch)
        : branch;
    return apply(tfl.layers.add({ name: `${name}_add` }), [skip, b]);
  };
  for (let i = 0; i < depth; i++) {
    const name = `block${i}`;
    let y = apply(tfl.layers.layerNormalization({ epsilon: 1e-6, name: `${name}_norm1` }), x);
    y = apply(
      new MultiHeadSelfAttention({ numHeads: heads, seed: seeds.next(), name: `${name}_attention` }),
      y,
    );
    x = residual(x, y, rates[i]!, `${name}_attn`);
    y = apply(tfl.layers.layerNormalization({ epsilon: 1e-6, name: `${name}_norm2` }), x);
    y = apply(dense(mlp, `${name}_mlp_fc1`, 'gelu'), y);
    y = apply(dense(dim, `${name}_mlp_fc2`), y);
    x = residual(x, y, rates[i]!, `${name}_mlp`);
  }
  x = apply(tfl.layers.layerNormalization({ epsilon: 1e-6, name: 'norm' }), x);
  const features = apply(new ClassTokenReadout({ name: 'features' }), x);
  const output = classifierHead(features, options, seeds, dropout);
  return tfl.model({ inputs: input, outputs: output, name: options.name ?? 'vit_tiny' });
}
