import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  assertDtype,
  assertFiniteTensor,
  assertNumberInRange,
  assertRank,
  assertTensor,
  describeValue,
  TricksError,
} from '@tftricks/core';
import { refreshTrainableWeights } from './freeze';
import { patchCovariance } from './patch-covariance';
import { symmetricEigen } from './symmetric-eigen';

/** Options of {@link patchWhitening}. */
export interface PatchWhiteningOptions {
  /** Name of the Conv2D layer to initialise. Default: the first Conv2D of `model.layers`. */
  layer?: string;
  /** Added to each eigenvalue before the inverse square root (finite, > 0). Default 5e-4, airbench's. */
  eps?: number;
  /**
   * Whiten the covariance of the patches (default true), and set the conv bias (if any) to
   * −W·μ so the layer outputs zero-mean patches. `false` uses the uncentred second moment
   * E[x xᵀ] and leaves the bias alone: airbench's procedure, meant for inputs normalised to zero
   * mean per channel.
   */
  center?: boolean;
  /** Keep the filters trainable. Default false: the kernel is frozen (airbench); the bias is not. */
  trainable?: boolean;
}

/** What {@link patchWhitening} returns (plain numbers). */
export interface PatchWhiteningResult {
  /** The layer that was initialised. */
  layer: string;
  /** Eigenvalues of the patch covariance (or second moment), descending; d = kh·kw·C of them. */
  eigenvalues: number[];
  /** The mean patch (d entries, conv-kernel order (dy·kw + dx)·C + c). */
  mean: number[];
}

function findConv(fn: string, model: tfl.LayersModel, name: string | undefined): tfl.layers.Layer {
  if (name !== undefined) {
    const layer = model.layers.find((l) => l.name === name);
    if (layer === undefined || layer.getClassName() !== 'Conv2D')
      throw new TricksError(
        fn,
        'options.layer',
        `the name of a Conv2D layer of '${model.name}'`,
        layer === undefined ? `unknown ${JSON.stringify(name)}` : `a ${layer.getClassName()} layer`,
      );
    return layer;
  }
  const first = model.layers.find((l) => l.getClassName() === 'Conv2D');
  if (first === undefined)
    throw new TricksError(fn, 'model', 'a model with a Conv2D layer', `'${model.name}' has none`);
  return first;
}

/**
 * Patch-whitening initialisation (airbench, Jordan 2024, arXiv:2404.00498): sets
 * the filters of a Conv2D layer (by default the model's first) from the eigen-decomposition
 * C = Σ λⱼ vⱼvⱼᵀ of the covariance of every kh×kw patch (stride 1, no padding) of `images`.
 * Filter j is vⱼ / √(λⱼ + eps), so on the sample the layer's outputs have covariance
 * diag(λⱼ / (λⱼ + eps)) ≈ identity: the first layer starts as a decorrelating, variance-equalising
 * transform, and airbench keeps it frozen.
 *
 * The conv keeps its own filter count f ≤ 2d (d = kh·kw·C): its filters are the first f of
 * [+v₁ … +v_d, −v₁ … −v_d] (largest eigenvalue first), so f = 2d is airbench's ± pairs (which
 * survive a ReLU/GELU), f = d the plain whitening, f < d the top principal directions.
 * Nothing is random: the same images give the same filters (eigenvector signs are fixed).
 *
 * @param model a built tf.LayersModel holding the conv (channels-last, dilation 1).
 * @param images what that conv sees, [N, H, W, C] float32 (H ≥ kh, W ≥ kw), e.g. a few thousand
 *   training images; not disposed. Any finite values (normalised inputs are fine).
 * @returns the layer name, the eigenvalues and the mean patch.
 */
export async function patchWhitening(
  model: tfl.LayersModel,
  images: tf.Tensor4D,
  options: PatchWhiteningOptions = {},
): Promise<PatchWhiteningResult> {
  const fn = 'patchWhitening';
  if (model === null || typeof model !== 'object' || !Array.isArray((model as tfl.LayersModel).layers))
    throw new TricksError(fn, 'model', 'a tf.LayersModel', describeValue(model));
  const eps = options.eps ?? 5e-4;
  assertNumberInRange(fn, 'options.eps', eps, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  const center = options.center ?? true;
  const trainable = options.trainable ?? false;
  for (const [key, v] of [
    ['center', center],
    ['trainable', trainable],
  ] as const)
    if (typeof v !== 'boolean') throw new TricksError(fn, `options.${key}`, 'a boolean', describeValue(v));
  const layer = findConv(fn, model, options.layer);
  const config = layer.getConfig() as { dilationRate?: number | number[]; dataFormat?: string };
  const dilation = [config.dilationRate ?? 1].flat();
  if (dilation.some((r) => r !== 1))
    throw new TricksError(fn, 'options.layer', 'a conv with dilation rate 1', `dilation [${dilation}]`);
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast')
    throw new TricksError(fn, 'options.layer', 'a channelsLast conv', `'${config.dataFormat}'`);
  // By rank, not position: tfjs-layers lists trainable weights first, so a frozen kernel
  // (e.g. from an earlier call) comes after the bias in `layer.weights`.
  const kernel = layer.weights.find((v) => v.shape.length === 4);
  const bias = layer.weights.find((v) => v.shape.length === 1);
  if (kernel === undefined)
    throw new TricksError(
      fn,
      'model',
      'a built model (the conv has weights)',
      `'${layer.name}' is not built`,
    );
  const [kh, kw, cin, filters] = kernel.shape as [number, number, number, number];
  const d = kh * kw * cin;
  if (filters > 2 * d)
    throw new TricksError(
      fn,
      'options.layer',
      `a conv with at most 2·kh·kw·C = ${2 * d} filters`,
      `'${layer.name}' with ${filters}`,
    );

  assertTensor(fn, 'images', images);
  assertRank(fn, 'images', images, 4);
  assertDtype(fn, 'images', images, 'float32');
  const [n, h, w, c] = images.shape;
  if (c !== cin)
    throw new TricksError(fn, 'images', `${cin} channels (the input channels of '${layer.name}')`, `${c}`);
  if (n === 0 || h < kh || w < kw)
    throw new TricksError(
      fn,
      'images',
      `a non-empty batch of images of at least ${kh}×${kw}`,
      `shape [${images.shape.join(', ')}]`,
    );
  assertFiniteTensor(fn, 'images', images);

  const stats = await patchCovariance(images, kh, kw, center);
  const { values, vectors } = symmetricEigen(stats.matrix, d);
  // Rounding can leave a null direction at −1e-17: treat it as 0 (its filter is then v/√eps).
  const scales = values.map((l) => 1 / Math.sqrt(Math.max(l, 0) + eps));
  const data = new Float32Array(d * filters);
  for (let f = 0; f < filters; f++) {
    const j = f % d;
    const sign = f < d ? 1 : -1;
    for (let e = 0; e < d; e++) data[e * filters + f] = sign * scales[j]! * vectors[j]![e]!;
  }
  const kernelValue = tf.tensor4d(data, [kh, kw, cin, filters]);
  let biasValue: tf.Tensor1D | null = null;
  if (bias !== undefined && center) {
    const b = new Float32Array(filters);
    for (let f = 0; f < filters; f++) {
      let dot = 0;
      for (let e = 0; e < d; e++) dot += data[e * filters + f]! * stats.mean[e]!;
      b[f] = -dot;
    }
    biasValue = tf.tensor1d(b);
  }
  try {
    kernel.write(kernelValue);
    if (biasValue !== null) bias!.write(biasValue);
  } finally {
    // write() assigns (copies) into the variables.
    tf.dispose(biasValue === null ? [kernelValue] : [kernelValue, biasValue]);
  }
  kernel.trainable = trainable;
  refreshTrainableWeights(model);
  return { layer: layer.name, eigenvalues: values, mean: Array.from(stats.mean) };
}
