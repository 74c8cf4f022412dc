import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';

/** Kernel inputs/attrs as the engine passes them. */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs?: tf.NamedAttrMap };

/** Kernel configs we replaced, kept so our kernels can fall back to them. */
const original = new Map<string, tf.KernelConfig>();

/** Remembers the kernel registered for `name` on wasm before we replace it. */
export function rememberOriginal(name: string): tf.KernelConfig | undefined {
  if (!original.has(name)) {
    const k = tf.getKernel(name, 'wasm');
    if (k) original.set(name, k);
  }
  return original.get(name);
}

/** The stock wasm kernel we replaced, or undefined when there was none. */
export function originalKernel(name: string): tf.KernelFunc | undefined {
  return original.get(name)?.kernelFunc;
}

/**
 * Runs the stock wasm kernel we replaced on the same arguments: what our kernels do for the
 * shapes and dtypes they leave alone. `T` is the kernel's output (one TensorInfo, or an array).
 */
export function runStock<T extends tf.TensorInfo | tf.TensorInfo[] = tf.TensorInfo>(
  name: string,
  args: KernelArgs,
): T {
  const kernel = originalKernel(name);
  if (!kernel) throw new Error(`@tftricks/wasm-train: the stock wasm ${name} kernel is missing`);
  return kernel(args as unknown as Parameters<tf.KernelFunc>[0]) as T;
}

/**
 * Calls a kernel of the wasm backend directly (not through the engine), as tfjs backends do
 * for their composite kernels: the result is a TensorInfo the caller must dispose or return.
 */
export function callWasm(
  name: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`@tftricks/wasm-train: the wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** Frees a TensorInfo made inside a kernel. */
export function free(backend: BackendWasm, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** A float32 view of a tensor in the wasm heap; invalid after the next allocation. */
export function f32(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Throws unless the data format is channels-last (the only one the wasm convolutions take). */
export function assertNhwc(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new TricksError(`${kernel} (wasm-train)`, 'dataFormat', "'NHWC'", describeValue(dataFormat));
  }
}

/** Throws unless a tensor is float32. */
export function assertFloat32(kernel: string, arg: string, info: tf.TensorInfo): void {
  if (info.dtype !== 'float32')
    throw new TricksError(`${kernel} (wasm-train)`, arg, 'a float32 tensor', describeValue(info));
}
