import * as tf from '@tensorflow/tfjs-core';
import { kernelRuntime } from './kernel-runtime';
import type { KernelArgs } from './wasm-kernel-calls';

/**
 * A faster gradient for one kernel: the thunk for dx from dy, the kernel's input x and its
 * attrs, or undefined where it does not apply (the gradient registered before runs instead).
 */
export type FastGradient = (
  dy: tf.Tensor,
  x: tf.Tensor,
  attrs: tf.NamedAttrMap,
) => (() => tf.Tensor) | undefined;

const installed = new Map<string, tf.GradConfig>();

/** Whether the active backend is wasm with this package's C kernels bound. */
export function wasmKernelsActive(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  return kernelRuntime(tf.backend() as unknown as KernelArgs['backend']) !== undefined;
}

/**
 * Replaces the gradient of `kernelName` (one input, `x`, saved) by one that takes `fast` where
 * it applies and the gradient registered before everywhere else (other backends, dtypes).
 * Idempotent: a second call for the same kernel changes nothing.
 */
export function overrideGradient(kernelName: string, fast: FastGradient): void {
  const current = tf.getGradient(kernelName);
  if (!current || current === installed.get(kernelName)) return;
  const stock = current;
  const config: tf.GradConfig = {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const thunk = fast(dy as tf.Tensor, (saved as tf.Tensor[])[0] as tf.Tensor, attrs ?? {});
      return thunk ? { x: thunk } : stock.gradFunc(dy, saved, attrs);
    },
  };
  tf.registerGradient(config);
  installed.set(kernelName, config);
}
