import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';
import { ema, type ScaleByAdamOptions, zerosLikeAll } from './scale-by-adam';

/** State of {@link scaleByRAdam} (same as Adam's). */
export type ScaleByRAdamState = { count: number; mu: NamedTensorMap; nu: NamedTensorMap };

/** Options of {@link scaleByRAdam}. */
export interface ScaleByRAdamOptions extends ScaleByAdamOptions {
  /** Use the rectified adaptive step only once the SMA length ρₜ exceeds this. Default 5 (torch). */
  threshold?: number;
}

/**
 * Rectified Adam's direction (Liu et al. 2020), as PyTorch 1.13 computes it: while ρₜ ≤ 5 the
 * direction is the bias-corrected momentum m̂; after that it is r·m̂·√(1−β2ᵗ)/(√v + ε). Note
 * torch adds ε to √v *before* bias correction (optax adds it after); we follow torch.
 */
export function scaleByRAdam(options: ScaleByRAdamOptions = {}): GradientTransformation<ScaleByRAdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, threshold = 5 } = options;
  assertNumberInRange('scaleByRAdam', 'options.beta1', beta1, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByRAdam', 'options.beta2', beta2, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByRAdam', 'options.eps', eps, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange('scaleByRAdam', 'options.threshold', threshold, 4, Number.POSITIVE_INFINITY);
  const rhoInf = 2 / (1 - beta2) - 1;
  return {
    init: (params) => ({ count: 0, mu: zerosLikeAll(params), nu: zerosLikeAll(params) }),
    update(grads, state) {
      const count = state.count + 1;
      const bc1 = 1 - beta1 ** count;
      const bc2 = 1 - beta2 ** count;
      const rho = rhoInf - (2 * count * beta2 ** count) / bc2;
      const mu = { ...state.mu };
      const nu = { ...state.nu };
      const updates: NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        mu[name] = ema(state.mu[name]!, g, beta1);
        nu[name] = ema(state.nu[name]!, tf.square(g), beta2);
        const mHat = tf.div(mu[name]!, tf.scalar(bc1));
        if (rho > threshold) {
          const rect = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
          const adaptive = tf.div(tf.scalar(Math.sqrt(bc2)), tf.add(tf.sqrt(nu[name]!), tf.scalar(eps)));
          updates[name] = tf.mul(tf.mul(mHat, adaptive), tf.scalar(rect));
        } else {
          updates[name] = mHat;
        }
      }
      return { updates, state: { count, mu, nu } };
    },
  };
}
