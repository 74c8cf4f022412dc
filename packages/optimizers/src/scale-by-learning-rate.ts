import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation } from './gradient-transformation';
import { assertLearningRate, type LearningRate, learningRateAt } from './learning-rate';

/** State of {@link scaleByLearningRate}: how many updates it has scaled. */
export type ScaleByLearningRateState = { count: number };

/**
 * Multiplies updates by −lr (so they can be *added* to the parameters). `lr` is a number or a
 * `Schedule`, evaluated on the CPU at the 0-based update count kept in the state; a driver
 * override (`context.learningRate`, e.g. from `TricksOptimizer.setLearningRate`) wins.
 */
export function scaleByLearningRate(
  learningRate: LearningRate,
): GradientTransformation<ScaleByLearningRateState> {
  assertLearningRate('scaleByLearningRate', 'learningRate', learningRate);
  return {
    init: () => ({ count: 0 }),
    update(grads, state, _params, context) {
      const lr = context?.learningRate ?? learningRateAt('scaleByLearningRate', learningRate, state.count);
      const updates: NamedTensorMap = {};
      const scale = tf.scalar(-lr);
      for (const [name, g] of Object.entries(grads)) updates[name] = tf.mul(g, scale);
      return { updates, state: { count: state.count + 1 } };
    },
    inspect(state) {
      const step = state?.count ?? 0;
      return { step, learningRate: learningRateAt('scaleByLearningRate', learningRate, step) };
    },
  };
}
