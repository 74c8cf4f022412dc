import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { type ScaleByNadamOptions, scaleByNadam } from './scale-by-nadam';
import type { WeightDecayOptions } from './sgd';

/** Options of {@link nadam}. */
export interface NadamOptions extends ScaleByNadamOptions, WeightDecayOptions {
  /** Learning rate (number ≥ 0 or Schedule). Default 2e-3 (torch). */
  learningRate?: LearningRate;
}

/** NAdam as `torch.optim.NAdam`: coupled L2 decay, `scaleByNadam` (momentum decay 4e-3), −lr. */
export function nadam(options: NadamOptions = {}): GradientTransformation {
  const { learningRate = 2e-3, weightDecay = 0, weightDecayMask, ...rest } = options;
  const decay = weightDecay !== 0 ? [addDecayedWeights(weightDecay, weightDecayMask)] : [];
  return chain(...decay, scaleByNadam(rest), scaleByLearningRate(learningRate));
}
