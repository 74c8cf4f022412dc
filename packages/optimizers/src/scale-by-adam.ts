import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';

/** State of {@link scaleByAdam}: the step count and the two moments, one tensor per parameter. */
export type ScaleByAdamState = { count: number; mu: NamedTensorMap; nu: NamedTensorMap };

/** Options of {@link scaleByAdam}. */
export interface ScaleByAdamOptions {
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the bias-corrected root of the second moment, ≥ 0. Default 1e-8. */
  eps?: number;
}

/** Zeros shaped like every parameter (fresh tensors owned by the state). */
export function zerosLikeAll(params: NamedTensorMap): NamedTensorMap {
  const out: NamedTensorMap = {};
  for (const [name, p] of Object.entries(params)) out[name] = tf.zerosLike(p);
  return out;
}

/**
 * m ← β·m + (1−β)·x, in PyTorch's operation order (keeps float32 rounding close to torch).
 * `beta` may be a scalar tensor made once per update (saves an upload per parameter).
 */
export function ema(m: tf.Tensor, x: tf.Tensor, beta: number | [tf.Scalar, tf.Scalar]): tf.Tensor {
  const [b, c] = typeof beta === 'number' ? [tf.scalar(beta), tf.scalar(1 - beta)] : beta;
  return tf.add(tf.mul(m, b), tf.mul(x, c));
}

/**
 * Adam's direction (Kingma & Ba 2015): m̂ / (√v̂ + ε) with bias-corrected moments (the moments
 * are updated in PyTorch's operation order; the division is refactored to save one op).
 * Shapes follow the gradients.
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options;
  assertNumberInRange('scaleByAdam', 'options.beta1', beta1, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByAdam', 'options.beta2', beta2, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByAdam', 'options.eps', eps, 0, Number.POSITIVE_INFINITY);
  return {
    init: (params) => ({ count: 0, mu: zerosLikeAll(params), nu: zerosLikeAll(params) }),
    update(grads, state) {
      const count = state.count + 1;
      const bc1 = 1 - beta1 ** count;
      const bc2Sqrt = Math.sqrt(1 - beta2 ** count);
      const mu = { ...state.mu };
      const nu = { ...state.nu };
      const updates: NamedTensorMap = {};
      const b1: [tf.Scalar, tf.Scalar] = [tf.scalar(beta1), tf.scalar(1 - beta1)];
      const b2: [tf.Scalar, tf.Scalar] = [tf.scalar(beta2), tf.scalar(1 - beta2)];
      const epsHat = tf.scalar(eps * bc2Sqrt);
      const stepSize = tf.scalar(bc2Sqrt / bc1);
      for (const [name, g] of Object.entries(grads)) {
        mu[name] = ema(state.mu[name]!, g, b1);
        nu[name] = ema(state.nu[name]!, tf.square(g), b2);
        // m̂/(√v̂ + ε) = m·(√(1−β2ᵗ)/(1−β1ᵗ)) / (√v + ε·√(1−β2ᵗ)): the same value in 4 ops instead of 5.
        updates[name] = tf.div(tf.mul(mu[name]!, stepSize), tf.add(tf.sqrt(nu[name]!), epsHat));
      }
      return { updates, state: { count, mu, nu } };
    },
  };
}
