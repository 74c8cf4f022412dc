// Test support (not exported): tolerances and gradients for the golden PyTorch comparisons
// (the error measure is `maxRelativeError` of @tftricks/core/testing, default floor 0.1).
import * as tf from '@tensorflow/tfjs-core';

/**
 * Relative tolerance: 1e-5 on cpu and wasm (the bar); WebGL and WebGPU evaluate exp/log
 * in their own float32 shaders (SwiftShader's here: 6e-5 seen on WebGPU), so they get 1e-4.
 */
export function tolerance(): number {
  const backend = tf.getBackend();
  return backend === 'webgl' || backend === 'webgpu' ? 1e-4 : 1e-5;
}

/** Largest errors seen per suite, printed by the suites for the report. */
export const worstSeen: Record<string, { value: number; grad: number }> = {};

export function record(suite: string, value: number, grad: number): void {
  const w = worstSeen[suite] ?? { value: 0, grad: 0 };
  worstSeen[suite] = { value: Math.max(w.value, value), grad: Math.max(w.grad, grad) };
}

/** Value and gradient (of the sum) of `f` at `x`; both as plain arrays, tensors disposed. */
export function valueAndGrad(
  f: (x: tf.Tensor2D) => tf.Tensor,
  x: tf.Tensor2D,
): { value: Float32Array; grad: Float32Array } {
  const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => tf.sum(f(z as tf.Tensor2D)))(x);
  const v = f(x);
  const out = { value: v.dataSync() as Float32Array, grad: grad.dataSync() as Float32Array };
  tf.dispose([value, grad, v]);
  return out;
}
