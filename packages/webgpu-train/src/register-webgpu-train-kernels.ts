import * as tf from '@tensorflow/tfjs-core';
import { denseBincountConfig } from './dense-bincount';

const KERNELS: tf.KernelConfig[] = [denseBincountConfig];

/** The kernels this package registers for backend `'webgpu'`. */
export const WEBGPU_TRAIN_KERNEL_NAMES: readonly string[] = KERNELS.map((k) => k.kernelName);

/**
 * Registers this package's kernels for backend `'webgpu'`, replacing tfjs-backend-webgpu's
 * (idempotent; before or after `tf.setBackend('webgpu')`).
 */
export function registerWebGpuTrainKernels(): void {
  for (const config of KERNELS) {
    if (tf.getKernel(config.kernelName, 'webgpu') === config) continue;
    if (tf.getKernel(config.kernelName, 'webgpu')) tf.unregisterKernel(config.kernelName, 'webgpu');
    tf.registerKernel(config);
  }
}
