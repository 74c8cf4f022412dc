import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange } from '@tftricks/core';
import type { GradientTransformation } from './gradient-transformation';
import { zerosLikeAll } from './scale-by-adam';

/** State of {@link traceMomentum}: the momentum buffer per parameter. */
export type TraceMomentumState = { trace: NamedTensorMap };

/** Options of {@link traceMomentum}. */
export interface TraceMomentumOptions {
  /** Momentum μ in [0, 1). Default 0.9. */
  decay?: number;
  /** Nesterov momentum: the update is g + μ·b instead of b. Default false. */
  nesterov?: boolean;
}

/**
 * Heavy-ball momentum as in `torch.optim.SGD` (dampening 0): b ← μ·b + g; the update is b, or
 * g + μ·b with Nesterov. Shapes follow the gradients.
 */
export function traceMomentum(
  options: TraceMomentumOptions = {},
): GradientTransformation<TraceMomentumState> {
  const { decay = 0.9, nesterov = false } = options;
  assertNumberInRange('traceMomentum', 'options.decay', decay, 0, 1 - Number.EPSILON);
  return {
    init: (params) => ({ trace: zerosLikeAll(params) }),
    update(grads, state) {
      const trace = { ...state.trace };
      const updates: NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        const b = tf.add(tf.mul(state.trace[name]!, tf.scalar(decay)), g);
        trace[name] = b;
        updates[name] = nesterov ? tf.add(g, tf.mul(b, tf.scalar(decay))) : b;
      }
      return { updates, state: { trace } };
    },
  };
}
