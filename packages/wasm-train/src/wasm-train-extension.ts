import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { type SetupBackendOptions, setupBackend, type WasmBackendExtension } from '@tftricks/core';
import { prepareKernelRuntime } from './kernel-runtime';
import { registerWasmTrainKernels } from './register-wasm-train-kernels';
import { registerThreadedWasmBackend } from './threaded-wasm-backend';

/**
 * This package as an extension of `@tftricks/core`'s `setupBackend`:
 * `setupBackend('wasm', { wasm: wasmTrain, threads })`. Before the backend starts it registers
 * the threaded build (Node, `threads` > 1); once it runs, it registers the training kernels and
 * binds the C kernels to the backend's memory.
 */
export const wasmTrain: WasmBackendExtension = {
  name: '@tftricks/wasm-train',
  prepare: ({ threads }) => registerThreadedWasmBackend(threads),
  install: async () => {
    registerWasmTrainKernels();
    await prepareKernelRuntime(tf.backend() as unknown as BackendWasm);
  },
};

/**
 * `setupBackend('wasm', { wasm: wasmTrain, ...options })`: the wasm backend with this package's
 * kernels, on `options.threads` threads (default: every logical core).
 *
 * @returns the backend in use (`'wasm'`); `backendInfo()` of `@tftricks/core` gives its threads.
 */
export function setupWasmTrain(options: Omit<SetupBackendOptions, 'wasm'> = {}): Promise<string> {
  return setupBackend('wasm', { ...options, wasm: wasmTrain });
}
