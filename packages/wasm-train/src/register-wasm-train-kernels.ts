import * as tf from '@tensorflow/tfjs-core';
import { installFusedMaskGradients, maskGradConfig } from './activation-gradients';
import { activationConfigs } from './activations';
import { batchMatMulConfig } from './batch-mat-mul';
import { batchNormTrainingConfig, batchNormTrainingGradConfig } from './batch-norm-kernels';
import { binaryArithmeticConfigs } from './binary-arithmetic';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { conv2dConfig, fusedConv2dConfig } from './conv2d-forward';
import { cropAndResizeConfig } from './crop-and-resize';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { depthwiseConv2dConfig } from './depthwise-conv2d-forward';
import { einsumConfig } from './einsum';
import { elementwiseConfigs } from './elementwise-kernels';
import { installFusedBatchNorm } from './fused-batch-norm-layer';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './max-pool-grad';
import { installBroadcastReductionGradients } from './reduction-gradients';
import { concatConfig, splitVConfig } from './split-concat';
import { meanConfig, sumConfig } from './sum-mean';
import { tileConfig } from './tile';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';
import { rememberOriginal } from './wasm-kernel-calls';

/** Every kernel config this package installs for the `wasm` backend. */
const CONFIGS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  depthwiseConv2dConfig,
  unsortedSegmentSumConfig,
  einsumConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  sumConfig,
  meanConfig,
  identityConfig,
  cropAndResizeConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  conv2dConfig,
  fusedConv2dConfig,
  ...elementwiseConfigs,
  ...binaryArithmeticConfigs,
  splitVConfig,
  concatConfig,
  maskGradConfig,
  tileConfig,
  ...activationConfigs,
];

/**
 * Names of the kernels `registerWasmTrainKernels` registers for backend `'wasm'`: the ones
 * stock tfjs-backend-wasm lacks, and the stock ones these beat (measured in
 * docs/benchmarks/train-step.md).
 */
export const WASM_TRAIN_KERNEL_NAMES: readonly string[] = CONFIGS.map((c) => c.kernelName);

/**
 * Registers the training kernels for the `wasm` backend with `tf.registerKernel`. Idempotent:
 * a second call changes nothing. A stock wasm kernel of the same name is unregistered first
 * (and kept as a fallback). Call it before or after `tf.setBackend('wasm')`.
 */
export function registerWasmTrainKernels(): void {
  for (const config of CONFIGS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    const stock = current ? rememberOriginal(config.kernelName) : undefined;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    // The stock kernel binds its wasm export in its setupFunc, which the engine runs when the
    // backend initialises: when we register first, ours must run it in its place.
    const setup = stock?.setupFunc;
    tf.registerKernel(setup ? { ...config, setupFunc: setup } : config);
  }
  // tfjs-layers' BatchNorm layers take the fused kernels in training mode (a no-op until
  // tfjs-layers is loaded; other backends keep the stock layer).
  installFusedBatchNorm();
  // ReLU, ReLU6 and clipByValue gradients in one pass on wasm (other backends keep tfjs-core's).
  installFusedMaskGradients();
  // Mean and Sum gradients as one broadcast pass on wasm (no ones tensor, no full-size multiply).
  installBroadcastReductionGradients();
}
