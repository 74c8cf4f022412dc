import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import { type ScaleByAdamOptions, scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { scaleByTrustRatio } from './scale-by-trust-ratio';
import type { WeightDecayOptions } from './sgd';

/** Options of {@link lamb}. */
export interface LambOptions extends ScaleByAdamOptions, WeightDecayOptions {
  /** Learning rate (number ≥ 0 or Schedule). Default 1e-3. */
  learningRate?: LearningRate;
}

/**
 * LAMB (You et al. 2019): r = m̂/(√v̂+ε) + wd·p, scaled per layer by ‖p‖/‖r‖, then −lr.
 * = chain(scaleByAdam(eps 1e-6), addDecayedWeights, scaleByTrustRatio, scaleByLearningRate).
 */
export function lamb(options: LambOptions = {}): GradientTransformation {
  const { learningRate = 1e-3, weightDecay = 0, weightDecayMask, eps = 1e-6, ...adamOptions } = options;
  return chain(
    scaleByAdam({ ...adamOptions, eps }),
    addDecayedWeights(weightDecay, weightDecayMask),
    scaleByTrustRatio(),
    scaleByLearningRate(learningRate),
  );
}
