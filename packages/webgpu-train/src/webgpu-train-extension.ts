import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { type SetupBackendOptions, setupBackend, type WebGpuBackendExtension } from '@tftricks/core';
import { registerWebGpuTrainKernels } from './register-webgpu-train-kernels';
import { installSyncRead } from './sync-read';

/**
 * This package as an extension of `@tftricks/core`'s `setupBackend`:
 * `setupBackend('webgpu', { webgpu: webgpuTrain })`. Once the backend runs it makes synchronous
 * reads work in Node and registers this package's kernels.
 */
export const webgpuTrain: WebGpuBackendExtension = {
  name: '@tftricks/webgpu-train',
  install: async () => {
    installSyncRead(tf.backend() as unknown as WebGPUBackend);
    registerWebGpuTrainKernels();
  },
};

/**
 * `setupBackend('webgpu', { webgpu: webgpuTrain, ...options })`: tfjs's WebGPU backend with this
 * package's fixes — in a browser, and in Node through the npm package `webgpu` (Dawn).
 *
 * @returns the backend in use (`'webgpu'`); `backendInfo()` of `@tftricks/core` names the adapter.
 */
export function setupWebGpuTrain(options: Omit<SetupBackendOptions, 'webgpu'> = {}): Promise<string> {
  return setupBackend('webgpu', { ...options, webgpu: webgpuTrain });
}
