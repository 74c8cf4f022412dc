// Node, wasm backend, with @tftricks/wasm-train's training kernels when that package exists.
import '@tensorflow/tfjs-backend-wasm';
import { setupBackend } from '@tftricks/core';

const wasmTrain = (await import('@tftricks/wasm-train').catch(() => null)) as {
  registerWasmTrainKernels?: () => void;
} | null;
const name = await setupBackend('wasm');
wasmTrain?.registerWasmTrainKernels?.();
if (name !== 'wasm') throw new Error(`node-wasm project: expected wasm backend, got ${name}`);
