import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertInteger } from '@tftricks/core';
import type { GradientTransformation, OptState } from './gradient-transformation';
import { zerosLikeAll } from './scale-by-adam';

/** State of {@link multiSteps}: mini-steps since the last real update, the gradient sum, inner state. */
export type MultiStepsState = { miniStep: number; sum: NamedTensorMap; inner: OptState };

/**
 * Gradient accumulation: sums `k` mini-batch gradients and runs `inner` once on their mean, so
 * with a mean-reduced loss k steps at batch B equal one step at batch k·B. In between, no
 * parameter changes (empty updates), and the inner state — its schedule step included — only
 * advances on real updates.
 */
export function multiSteps(
  inner: GradientTransformation,
  k: number,
): GradientTransformation<MultiStepsState> {
  assertInteger('multiSteps', 'k', k, 1);
  return {
    init: (params) => ({ miniStep: 0, sum: zerosLikeAll(params), inner: inner.init(params) }),
    update(grads, state, params, context) {
      const sum = { ...state.sum };
      for (const [n, g] of Object.entries(grads)) sum[n] = tf.add(state.sum[n]!, g);
      if (state.miniStep + 1 < k)
        return { updates: {}, state: { miniStep: state.miniStep + 1, sum, inner: state.inner } };
      const mean: NamedTensorMap = {};
      for (const n of Object.keys(grads)) mean[n] = tf.div(sum[n]!, tf.scalar(k));
      const r = inner.update(mean, state.inner, params, context);
      return { updates: r.updates, state: { miniStep: 0, sum: zerosLikeAll(sum), inner: r.state } };
    },
    inspect: (state) => inner.inspect?.(state === null ? null : state.inner),
  };
}
