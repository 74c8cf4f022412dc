import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { type ScaleByRAdamOptions, scaleByRAdam } from './scale-by-radam';
import type { WeightDecayOptions } from './sgd';

/** Options of {@link radam}. */
export interface RAdamOptions extends ScaleByRAdamOptions, WeightDecayOptions {
  /** Learning rate (number ≥ 0 or Schedule). Default 1e-3. */
  learningRate?: LearningRate;
  /** Decoupled (AdamW-style) decay instead of torch 1.13's coupled L2 decay. Default false. */
  decoupledWeightDecay?: boolean;
}

/** RAdam as `torch.optim.RAdam` (1.13): coupled L2 decay, `scaleByRAdam`, −lr. */
export function radam(options: RAdamOptions = {}): GradientTransformation {
  const {
    learningRate = 1e-3,
    weightDecay = 0,
    weightDecayMask,
    decoupledWeightDecay = false,
    ...rest
  } = options;
  const decay = weightDecay !== 0 ? [addDecayedWeights(weightDecay, weightDecayMask)] : [];
  return decoupledWeightDecay
    ? chain(scaleByRAdam(rest), ...decay, scaleByLearningRate(learningRate))
    : chain(...decay, scaleByRAdam(rest), scaleByLearningRate(learningRate));
}
