import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { EmptyState } from './add-decayed-weights';
import type { GradientTransformation } from './gradient-transformation';

/** Clips every gradient element to [−maxDelta, maxDelta] (`torch.nn.utils.clip_grad_value_`). */
export function clipByValue(maxDelta: number): GradientTransformation<EmptyState> {
  assertNumberInRange('clipByValue', 'maxDelta', maxDelta, 0, Number.POSITIVE_INFINITY);
  return {
    init: () => ({}),
    update(grads, state) {
      const updates: NamedTensorMap = {};
      for (const [n, g] of Object.entries(grads)) updates[n] = tf.clipByValue(g, -maxDelta, maxDelta);
      return { updates, state };
    },
  };
}
