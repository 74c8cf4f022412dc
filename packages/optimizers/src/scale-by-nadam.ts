import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';
import { ema, type ScaleByAdamOptions, zerosLikeAll } from './scale-by-adam';

/** State of {@link scaleByNadam}: Adam's, plus the running product of the momentum cache μ. */
export type ScaleByNadamState = { count: number; muProduct: number; mu: NamedTensorMap; nu: NamedTensorMap };

/** Options of {@link scaleByNadam}. */
export interface ScaleByNadamOptions extends ScaleByAdamOptions {
  /** ψ in μₜ = β1·(1 − ½·0.96^(t·ψ)). Default 4e-3 (torch, Dozat 2016). */
  momentumDecay?: number;
  /**
   * Reproduce PyTorch 1.13, whose μ-product for the look-ahead term multiplies μₜ twice
   * (`mu_product * mu * mu_next`, fixed in torch 2.0). Default false: Dozat's formula.
   */
  torch113?: boolean;
}

/**
 * NAdam's direction (Dozat 2016) with PyTorch's momentum-decay schedule:
 * (1−μₜ)/(1−Πμ)·g/(√v̂+ε) + μₜ₊₁/(1−Πμ·μₜ₊₁)·m/(√v̂+ε). Shapes follow the gradients.
 */
export function scaleByNadam(options: ScaleByNadamOptions = {}): GradientTransformation<ScaleByNadamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, momentumDecay = 4e-3, torch113 = false } = options;
  assertNumberInRange('scaleByNadam', 'options.beta1', beta1, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByNadam', 'options.beta2', beta2, 0, 1 - Number.EPSILON);
  assertNumberInRange('scaleByNadam', 'options.eps', eps, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange('scaleByNadam', 'options.momentumDecay', momentumDecay, 0, Number.POSITIVE_INFINITY);
  return {
    init: (params) => ({ count: 0, muProduct: 1, mu: zerosLikeAll(params), nu: zerosLikeAll(params) }),
    update(grads, state) {
      const count = state.count + 1;
      const bc2 = 1 - beta2 ** count;
      const muT = beta1 * (1 - 0.5 * 0.96 ** (count * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((count + 1) * momentumDecay));
      const muProduct = state.muProduct * muT;
      const muProductNext = torch113 ? muProduct * muT * muNext : muProduct * muNext;
      const cGrad = (1 - muT) / (1 - muProduct);
      const cMom = muNext / (1 - muProductNext);
      const mu = { ...state.mu };
      const nu = { ...state.nu };
      const updates: NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        mu[name] = ema(state.mu[name]!, g, beta1);
        nu[name] = ema(state.nu[name]!, tf.square(g), beta2);
        const denom = tf.add(tf.sqrt(tf.div(nu[name]!, tf.scalar(bc2))), tf.scalar(eps));
        updates[name] = tf.add(
          tf.mul(tf.div(g, denom), tf.scalar(cGrad)),
          tf.mul(tf.div(mu[name]!, denom), tf.scalar(cMom)),
        );
      }
      return { updates, state: { count, muProduct, mu, nu } };
    },
  };
}
