// Test helpers: run the same kernel on the cpu backend and on wasm (+ wasm-train) and compare.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@tftricks/core';
import { registerWasmTrainKernels } from '../src/index';

/** Switches to wasm with the wasm-train kernels; returns the backend that was active before. */
export async function useWasm(): Promise<string> {
  const before = tf.getBackend();
  registerWasmTrainKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  return before;
}

/**
 * Values on a grid of 1/`steps` in about [-1, 1] (so ties and exact zeros occur), with NaN, −0
 * and 0 at indices 1, 3 and 4: the edge cases of comparisons and arithmetic.
 */
export function edgeCaseValues(seed: number, n: number, steps: number): Float32Array {
  const v = randomValues(seed, n).map((x) => Math.round(x * steps) / steps);
  if (n > 5) {
    v[1] = Number.NaN;
    v[3] = -0;
    v[4] = 0;
  }
  return v;
}

/** `f()` on the cpu backend, then on wasm: [wasm's result, cpu's]. Ends on wasm. */
export async function onBoth<T>(f: () => T): Promise<[T, T]> {
  await tf.setBackend('cpu');
  const ref = f();
  await tf.setBackend('wasm');
  return [f(), ref];
}

/** A tensor's shape, dtype and values as plain data (for toEqual across backends); disposes it. */
export function readTensor(t: tf.Tensor): { shape: number[]; dtype: tf.DataType; values: number[] } {
  const out = { shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) };
  t.dispose();
  return out;
}

/** Uniform values in [-1, 1) from a seeded Rng. */
export function randomValues(seed: number, size: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

export interface KernelCall {
  kernel: string;
  inputs: Record<string, { shape: number[]; values: Float32Array }>;
  attrs: Record<string, unknown>;
}

/** Runs one kernel on a backend and returns its output values and shape. */
export async function runOn(
  backend: 'cpu' | 'wasm',
  call: KernelCall,
): Promise<{ shape: number[]; values: Float32Array }> {
  const prev = tf.getBackend();
  await tf.setBackend(backend);
  const inputs: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(call.inputs)) inputs[k] = tf.tensor(v.values, v.shape, 'float32');
  const out = tf.engine().runKernel(call.kernel, inputs, call.attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape.slice(), values: out.dataSync() as Float32Array };
  out.dispose();
  for (const t of Object.values(inputs)) t.dispose();
  await tf.setBackend(prev);
  return result;
}

/**
 * The error measure of the parity tests, for `maxRelativeError` of @tftricks/core/testing:
 * max |a − b| / max(max |b|, 1e-6), every entry against the tensor's largest.
 */
export const PARITY = { floor: 1, minScale: 1e-6 } as const;
