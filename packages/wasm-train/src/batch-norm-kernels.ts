import * as tf from '@tensorflow/tfjs-core';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { assertFloat32, free, type KernelArgs } from './wasm-kernel-calls';

/** Kernel name of BatchNorm's training-mode forward pass: x, gamma, beta → y, mean, variance. */
export const BATCH_NORM_TRAINING = 'TricksBatchNormTraining';
/** Kernel name of its gradient: dy, x, gamma, mean, variance → dx, dgamma, dbeta. */
export const BATCH_NORM_TRAINING_GRAD = 'TricksBatchNormTrainingGrad';

function runtimeOf(kernel: string, backend: KernelArgs['backend']) {
  const rt = kernelRuntime(backend);
  // The op only dispatches here once the runtime exists (batchNormTrainingFused checks).
  if (!rt) throw new Error(`@tftricks/wasm-train: ${kernel} ran before the C kernels were ready`);
  return rt;
}

/** Rows (every axis but the last) and channels (the last axis) of a channels-last tensor. */
function rowsAndChannels(x: tf.TensorInfo): [number, number] {
  const c = x.shape[x.shape.length - 1] as number;
  return [c === 0 ? 0 : tf.util.sizeFromShape(x.shape) / c, c];
}

function batchNormTraining(args: KernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const { varianceEpsilon } = args.attrs as { varianceEpsilon: number };
  assertFloat32(BATCH_NORM_TRAINING, 'x', x);
  const rt = runtimeOf(BATCH_NORM_TRAINING, backend);
  const [rows, c] = rowsAndChannels(x);
  const y = backend.makeOutput(x.shape, 'float32');
  const mean = backend.makeOutput([c], 'float32');
  const variance = backend.makeOutput([c], 'float32');
  const scratch = backend.makeOutput([rt.exports.bn_scratch_floats(rows, c)], 'float32');
  rt.exports.bn_forward(
    rt.pool,
    addressOf(backend, x),
    rows,
    c,
    addressOf(backend, gamma),
    addressOf(backend, beta),
    varianceEpsilon,
    addressOf(backend, y),
    addressOf(backend, mean),
    addressOf(backend, variance),
    addressOf(backend, scratch),
  );
  free(backend, scratch);
  return [y, mean, variance];
}

function batchNormTrainingGrad(args: KernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const { dy, x, gamma, mean, variance } = args.inputs as Record<string, tf.TensorInfo>;
  const { varianceEpsilon } = args.attrs as { varianceEpsilon: number };
  assertFloat32(BATCH_NORM_TRAINING_GRAD, 'dy', dy as tf.TensorInfo);
  const rt = runtimeOf(BATCH_NORM_TRAINING_GRAD, backend);
  const [rows, c] = rowsAndChannels(x as tf.TensorInfo);
  const dx = backend.makeOutput((x as tf.TensorInfo).shape, 'float32');
  const dgamma = backend.makeOutput([c], 'float32');
  const dbeta = backend.makeOutput([c], 'float32');
  const scratch = backend.makeOutput([rt.exports.bn_scratch_floats(rows, c)], 'float32');
  const at = (t: tf.TensorInfo | undefined) => addressOf(backend, t as tf.TensorInfo);
  rt.exports.bn_backward(
    rt.pool,
    at(dy),
    at(x),
    at(mean),
    at(variance),
    at(gamma),
    varianceEpsilon,
    rows,
    c,
    at(dx),
    at(dgamma),
    at(dbeta),
    at(scratch),
  );
  free(backend, scratch);
  return [dx, dgamma, dbeta];
}

/** `TricksBatchNormTraining` on wasm: statistics and normalisation in three passes (C, SIMD). */
export const batchNormTrainingConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING,
  backendName: 'wasm',
  kernelFunc: batchNormTraining as unknown as tf.KernelFunc,
};

/** `TricksBatchNormTrainingGrad` on wasm: dx, dgamma, dbeta in two passes (C, SIMD). */
export const batchNormTrainingGradConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  backendName: 'wasm',
  kernelFunc: batchNormTrainingGrad as unknown as tf.KernelFunc,
};
