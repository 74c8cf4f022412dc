import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { EmptyState } from './add-decayed-weights';
import type { GradientTransformation } from './gradient-transformation';

/**
 * Scales all gradients by min(1, maxNorm / (‖g‖₂ + 1e-6)), where ‖g‖₂ is the norm of all of
 * them together: exactly `torch.nn.utils.clip_grad_norm_`. Computed on the device, no read-back.
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  assertNumberInRange('clipByGlobalNorm', 'maxNorm', maxNorm, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  return {
    init: () => ({}),
    update(grads, state) {
      const names = Object.keys(grads);
      if (names.length === 0) return { updates: {}, state };
      const sumSq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!))));
      const coef = tf.minimum(
        tf.div(tf.scalar(maxNorm), tf.add(tf.sqrt(sumSq), tf.scalar(1e-6))),
        tf.scalar(1),
      );
      const updates: NamedTensorMap = {};
      for (const n of names) updates[n] = tf.mul(grads[n]!, coef);
      return { updates, state };
    },
  };
}
