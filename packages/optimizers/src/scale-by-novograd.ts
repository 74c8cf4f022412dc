import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, TricksError } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';
import { decayMatrices, maskPredicate, type ParamMask } from './param-mask';
import { zerosLikeAll } from './scale-by-adam';

/** State of {@link scaleByNovograd}: step count, first moments, and one scalar second moment per layer. */
export type ScaleByNovogradState = { count: number; mu: NamedTensorMap; nu: NamedTensorMap };

/** Options of {@link scaleByNovograd}. */
export interface ScaleByNovogradOptions {
  /** Momentum β1 in [0, 1). Default 0.95 (paper). */
  beta1?: number;
  /** Decay of the layer-wise second moment β2 in [0, 1). Default 0.98 (paper). */
  beta2?: number;
  /** Added to √v, ≥ 0. Default 1e-8. */
  eps?: number;
  /** Weight decay d ≥ 0, added to the normalised gradient. Default 0. */
  weightDecay?: number;
  /** Which parameters are decayed. Default rank ≥ 2. */
  weightDecayMask?: ParamMask;
}

/**
 * NovoGrad's direction (Ginsburg et al. 2019, Algorithm 1): per layer l, vₗ ← β2·vₗ + (1−β2)·‖gₗ‖²
 * (v₁ = ‖g₁‖²), mₗ ← β1·mₗ + (gₗ/(√vₗ+ε) + d·wₗ) (m₁ without the β1 term). The update is m.
 * vₗ is a scalar tensor per parameter; `params` are needed only when weightDecay > 0.
 */
export function scaleByNovograd(
  options: ScaleByNovogradOptions = {},
): GradientTransformation<ScaleByNovogradState> {
  const {
    beta1 = 0.95,
    beta2 = 0.98,
    eps = 1e-8,
    weightDecay = 0,
    weightDecayMask = decayMatrices,
  } = options;
  assertNumberInRange('scaleByNovograd', 'options.beta1', beta1, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByNovograd', 'options.beta2', beta2, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByNovograd', 'options.eps', eps, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange('scaleByNovograd', 'options.weightDecay', weightDecay, 0, Number.POSITIVE_INFINITY);
  const decayed = maskPredicate('scaleByNovograd', 'options.weightDecayMask', weightDecayMask);
  return {
    init(params) {
      const nu: NamedTensorMap = {};
      for (const n of Object.keys(params)) nu[n] = tf.scalar(0);
      return { count: 0, mu: zerosLikeAll(params), nu };
    },
    update(grads, state, params) {
      const first = state.count === 0;
      const mu = { ...state.mu };
      const nu = { ...state.nu };
      const updates: NamedTensorMap = {};
      for (const [n, g] of Object.entries(grads)) {
        const norm2 = tf.sum(tf.square(g));
        nu[n] = first
          ? norm2
          : tf.add(tf.mul(state.nu[n]!, tf.scalar(beta2)), tf.mul(norm2, tf.scalar(1 - beta2)));
        let step = tf.div(g, tf.add(tf.sqrt(nu[n]!), tf.scalar(eps)));
        if (weightDecay !== 0) {
          const p = params?.[n];
          if (p === undefined)
            throw new TricksError(
              'scaleByNovograd',
              `params['${n}']`,
              'a tensor (weight decay needs params)',
              'undefined',
            );
          if (decayed(n, p)) step = tf.add(step, tf.mul(p, tf.scalar(weightDecay)));
        }
        mu[n] = first ? step : tf.add(tf.mul(state.mu[n]!, tf.scalar(beta1)), step);
        updates[n] = mu[n]!;
      }
      return { updates, state: { count: state.count + 1, mu, nu } };
    },
  };
}
