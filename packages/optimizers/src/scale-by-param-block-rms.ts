import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, TricksError } from '@tftricks/core';
import type { EmptyState } from './add-decayed-weights';
import type { GradientTransformation } from './gradient-transformation';

/**
 * Adafactor's relative step size: each update is scaled by max(ε₂, RMS(param)), so the step is
 * relative to the parameter's scale. ε₂ default 1e-3 (paper). Needs `params`.
 */
export function scaleByParamBlockRms(minScale = 1e-3): GradientTransformation<EmptyState> {
  assertNumberInRange('scaleByParamBlockRms', 'minScale', minScale, 0, Number.POSITIVE_INFINITY);
  return {
    init: () => ({}),
    update(grads, state, params) {
      if (params === undefined)
        throw new TricksError('scaleByParamBlockRms', 'params', 'the current parameters', 'undefined');
      const updates: NamedTensorMap = {};
      for (const [n, u] of Object.entries(grads)) {
        const rms = tf.sqrt(tf.mean(tf.square(params[n]!)));
        updates[n] = tf.mul(u, tf.maximum(rms, tf.scalar(minScale)));
      }
      return { updates, state };
    },
  };
}
