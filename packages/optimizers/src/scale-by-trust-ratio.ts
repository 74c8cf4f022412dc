import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import type { EmptyState } from './add-decayed-weights';
import type { GradientTransformation } from './gradient-transformation';

/**
 * LAMB's layer-wise trust ratio (You et al. 2019): each update u of parameter p is scaled by
 * ‖p‖₂ / ‖u‖₂ (φ = identity), or by 1 when either norm is 0. Computed on the device. Needs `params`.
 */
export function scaleByTrustRatio(): GradientTransformation<EmptyState> {
  return {
    init: () => ({}),
    update(grads, state, params) {
      if (params === undefined)
        throw new TricksError('scaleByTrustRatio', 'params', 'the current parameters', 'undefined');
      const updates: NamedTensorMap = {};
      for (const [n, u] of Object.entries(grads)) {
        const pNorm = tf.sqrt(tf.sum(tf.square(params[n]!)));
        const uNorm = tf.sqrt(tf.sum(tf.square(u)));
        const zero = tf.scalar(0);
        const ok = tf.logicalAnd(tf.greater(pNorm, zero), tf.greater(uNorm, zero));
        // Divide by a safe denominator so the unused branch of `where` has no NaN.
        const ratio = tf.where(
          ok,
          tf.div(pNorm, tf.where(ok, uNorm, tf.onesLike(uNorm))),
          tf.onesLike(pNorm),
        );
        updates[n] = tf.mul(u, ratio);
      }
      return { updates, state };
    },
  };
}
