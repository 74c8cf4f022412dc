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

/** m ← β·m + (1−β)·x, in PyTorch's operation order (keeps float32 rounding close to torch). */
export function ema(m: tf.Tensor, x: tf.Tensor, beta: number): tf.Tensor {
  return tf.add(tf.mul(m, tf.scalar(beta)), tf.mul(x, tf.scalar(1 - beta)));
}

/**
 * Adam's direction (Kingma & Ba 2015): m̂ / (√v̂ + ε) with bias-corrected moments, computed as
 * PyTorch 1.13 does (`(m / (1−β1ᵗ)) / (√v / √(1−β2ᵗ) + ε)`). Shapes follow the gradients.
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
      for (const [name, g] of Object.entries(grads)) {
        mu[name] = ema(state.mu[name]!, g, beta1);
        nu[name] = ema(state.nu[name]!, tf.square(g), beta2);
        const denom = tf.add(tf.div(tf.sqrt(nu[name]!), tf.scalar(bc2Sqrt)), tf.scalar(eps));
        updates[name] = tf.div(tf.div(mu[name]!, tf.scalar(bc1)), denom);
      }
      return { updates, state: { count, mu, nu } };
    },
  };
}
