import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import { type ScaleByAdamOptions, scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';
import type { WeightDecayOptions } from './sgd';

/** Options of {@link adam} and {@link adamw}. */
export interface AdamOptions extends ScaleByAdamOptions, WeightDecayOptions {
  /** Learning rate (number ≥ 0 or Schedule). Default 1e-3. */
  learningRate?: LearningRate;
}

/**
 * Adam as `torch.optim.Adam`: optional coupled (L2) decay g + wd·p *before* the moments, then
 * `scaleByAdam` and −lr. For decoupled decay use {@link adamw}.
 */
export function adam(options: AdamOptions = {}): GradientTransformation {
  const { learningRate = 1e-3, weightDecay = 0, weightDecayMask, ...adamOptions } = options;
  const parts: GradientTransformation[] = [];
  if (weightDecay !== 0) parts.push(addDecayedWeights(weightDecay, weightDecayMask));
  parts.push(scaleByAdam(adamOptions), scaleByLearningRate(learningRate));
  return chain(...parts);
}
