import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, TricksError } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';
import { decayMatrices, maskPredicate, type ParamMask } from './param-mask';

/** {@link addDecayedWeights} keeps no state. */
export type EmptyState = Record<string, never>;

/**
 * Adds `weightDecay · param` to the updates of the parameters the mask selects (default: rank ≥ 2,
 * so biases and norm scales are not decayed). Before `scaleByAdam` this is L2 regularisation
 * (torch `Adam(weight_decay=…)`, `SGD`); after it, decoupled decay (AdamW). Needs `params`.
 */
export function addDecayedWeights(
  weightDecay: number,
  mask: ParamMask = decayMatrices,
): GradientTransformation<EmptyState> {
  assertNumberInRange('addDecayedWeights', 'weightDecay', weightDecay, 0, Number.POSITIVE_INFINITY);
  const selected = maskPredicate('addDecayedWeights', 'mask', mask);
  return {
    init: () => ({}),
    update(grads, state, params) {
      if (params === undefined)
        throw new TricksError('addDecayedWeights', 'params', 'the current parameters', 'undefined');
      const updates: NamedTensorMap = {};
      const wd = tf.scalar(weightDecay);
      for (const [name, g] of Object.entries(grads)) {
        const p = params[name];
        if (p === undefined)
          throw new TricksError('addDecayedWeights', `params['${name}']`, 'a tensor', 'undefined');
        updates[name] = weightDecay !== 0 && selected(name, p) ? tf.add(g, tf.mul(p, wd)) : g;
      }
      return { updates, state };
    },
  };
}
