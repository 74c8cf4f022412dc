import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { type SetupBackendOptions, setupBackend, type WasmBackendExtension } from '@tftricks/core';
import { prepareKernelRuntime } from './kernel-runtime';
import { registerWasmTrainKernels } from './register-wasm-train-kernels';
import { registerThreadedWasmBackend, type ThreadedWasmOptions } from './threaded-wasm-backend';

/**
 * This package as an extension of `@tftricks/core`'s `setupBackend`:
 * `setupBackend('wasm', { wasm: wasmTrain, threads })`. Before the backend starts it registers
 * the threaded build (Node, `threads` > 1); once it runs, it registers the training kernels and
 * binds the C kernels to the backend's memory.
 */
export const wasmTrain: WasmBackendExtension = wasmTrainExtension();

function wasmTrainExtension(threaded: ThreadedWasmOptions = {}): WasmBackendExtension {
  return {
    name: '@tftricks/wasm-train',
    prepare: ({ threads }) => registerThreadedWasmBackend(threads, threaded),
    install: async () => {
      registerWasmTrainKernels();
      await prepareKernelRuntime(tf.backend() as unknown as BackendWasm);
    },
  };
}

/** Options of {@link setupWasmTrain}: `setupBackend`'s, and XNNPACK's share of the threads. */
export type SetupWasmTrainOptions = Omit<SetupBackendOptions, 'wasm'> & ThreadedWasmOptions;

/**
 * `setupBackend('wasm', { wasm: wasmTrain, ...options })`: the wasm backend with this package's
 * kernels, on `options.threads` threads (default: every logical core); XNNPACK's own pool gets
 * `options.xnnpackThreads` of them (default 1).
 *
 * @returns the backend in use (`'wasm'`); `backendInfo()` of `@tftricks/core` gives its threads.
 */
export function setupWasmTrain(options: SetupWasmTrainOptions = {}): Promise<string> {
  const { xnnpackThreads, ...rest } = options;
  const wasm = xnnpackThreads === undefined ? wasmTrain : wasmTrainExtension({ xnnpackThreads });
  return setupBackend('wasm', { ...rest, wasm });
}
