import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { type SetupBackendOptions, setupBackend, type WasmBackendExtension } from '@tftricks/core';
import { kernelRuntime, prepareKernelRuntime } from './kernel-runtime';
import { registerWasmTrainKernels } from './register-wasm-train-kernels';
import { type RelaxedSimdMode, useRelaxedSimd } from './relaxed-simd';
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

/**
 * Options of {@link setupWasmTrain}: `setupBackend`'s, XNNPACK's share of the threads, and
 * `relaxedSimd`: {@link useRelaxedSimd}'s mode for the kernels bound now (omitted: the mode
 * already set, by default `'auto'`).
 */
export type SetupWasmTrainOptions = Omit<SetupBackendOptions, 'wasm'> &
  ThreadedWasmOptions & { relaxedSimd?: RelaxedSimdMode };

/**
 * `setupBackend('wasm', { wasm: wasmTrain, ...options })`: the wasm backend with this package's
 * kernels, on `options.threads` threads (default: every logical core); XNNPACK's own pool gets
 * `options.xnnpackThreads` of them (default 1); the convolutions use fused multiply-adds where
 * the engine has relaxed SIMD (`options.relaxedSimd`, default `'auto'`; `relaxedSimdActive()`).
 *
 * @returns the backend in use (`'wasm'`); `backendInfo()` of `@tftricks/core` gives its threads.
 */
export function setupWasmTrain(options: SetupWasmTrainOptions = {}): Promise<string> {
  const { xnnpackThreads, relaxedSimd, ...rest } = options;
  // Set before any setup (a bad mode fails first); install's prepareKernelRuntime binds by it.
  if (relaxedSimd !== undefined) useRelaxedSimd(relaxedSimd);
  const wasm = xnnpackThreads === undefined ? wasmTrain : wasmTrainExtension({ xnnpackThreads });
  return setupBackend('wasm', { ...rest, wasm });
}

/**
 * Whether the active wasm backend's C kernels are the relaxed-SIMD build (fused multiply-adds in
 * the convolutions); undefined when the active backend is not wasm or its kernels cannot bind.
 */
export function relaxedSimdActive(): boolean | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  return kernelRuntime(tf.backend() as unknown as BackendWasm)?.relaxedSimd;
}
