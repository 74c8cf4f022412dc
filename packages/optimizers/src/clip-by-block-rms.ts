import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { EmptyState } from './add-decayed-weights';
import type { GradientTransformation } from './gradient-transformation';

/** Adafactor's update clipping: each tensor u becomes u / max(1, RMS(u)/threshold). On the device. */
export function clipByBlockRms(threshold = 1): GradientTransformation<EmptyState> {
  assertNumberInRange('clipByBlockRms', 'threshold', threshold, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  return {
    init: () => ({}),
    update(grads, state) {
      const updates: NamedTensorMap = {};
      for (const [n, u] of Object.entries(grads)) {
        const rms = tf.sqrt(tf.mean(tf.square(u)));
        updates[n] = tf.div(u, tf.maximum(tf.scalar(1), tf.div(rms, tf.scalar(threshold))));
      }
      return { updates, state };
    },
  };
}
