// Test support (not exported): compare tfjs results with golden PyTorch values.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Relative tolerance: 1e-5 on Node backends (the bar); WebGL (SwiftShader) evaluates
 * exp/log in its own float32 shaders, so the browser project is allowed 1e-4.
 */
export function tolerance(): number {
  return tf.getBackend() === 'webgl' ? 1e-4 : 1e-5;
}

/**
 * max_i |a_i − e_i| / max(|e_i|, floor), with floor = 0.1 · max_j |e_j| (at least 1e-30).
 * Gradients such as `softmax − smoothed target` cancel to near zero in some entries, where
 * float32 cannot give 1e-5 relative: its rounding is ≈1.2e-7 of the largest entry. Entries
 * below a tenth of the largest are therefore held to an absolute error of 1e-6 of the largest
 * (about 8 float32 ulps), the usual `atol` of an allclose.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: number | readonly number[]): number {
  const e = typeof expected === 'number' ? [expected] : expected;
  if (actual.length !== e.length) return Number.POSITIVE_INFINITY;
  const floor = Math.max(1e-30, 0.1 * Math.max(...e.map(Math.abs)));
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(actual[i]! - e[i]!) / Math.max(Math.abs(e[i]!), floor);
    if (!(err <= worst)) worst = err;
  }
  return worst;
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
