// Node, wasm backend with @tftricks/wasm-train: its training kernels and tfjs-backend-wasm's
// threaded build on every core (the setup a user gets from setupWasmTrain()).
import '@tensorflow/tfjs-backend-wasm';
import { backendInfo, setupBackend } from '@tftricks/core';
import { wasmTrain } from '@tftricks/wasm-train';

const name = await setupBackend('wasm', { wasm: wasmTrain });
if (name !== 'wasm') throw new Error(`node-wasm project: expected wasm backend, got ${name}`);
if (backendInfo().extension !== wasmTrain.name)
  throw new Error(`node-wasm project: wasm-train not installed (${backendInfo().summary})`);
