import { assertNumberInRange } from '@tftricks/core';
import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import type { ParamMask } from './param-mask';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { traceMomentum } from './trace-momentum';

/** Weight-decay options shared by the presets. */
export interface WeightDecayOptions {
  /** Decay coefficient ≥ 0. */
  weightDecay?: number;
  /**
   * Which parameters are decayed: a name RegExp or a predicate `(name, param) => boolean`.
   * Default: rank ≥ 2 only (biases and norm scales are skipped, as in timm). Pass
   * `decayAll` for PyTorch's behaviour without parameter groups.
   */
  weightDecayMask?: ParamMask;
}

/** Options of {@link sgd}. */
export interface SgdOptions extends WeightDecayOptions {
  /** Learning rate (number ≥ 0 or Schedule). Default 0.01. */
  learningRate?: LearningRate;
  /** Momentum μ in [0, 1). Default 0 (none). */
  momentum?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * SGD as `torch.optim.SGD` (dampening 0): coupled (L2) weight decay g + wd·p, optional
 * (Nesterov) momentum, then −lr. A chain of `addDecayedWeights`, `traceMomentum`,
 * `scaleByLearningRate`.
 */
export function sgd(options: SgdOptions = {}): GradientTransformation {
  const { learningRate = 0.01, momentum = 0, nesterov = false, weightDecay = 0, weightDecayMask } = options;
  assertNumberInRange('sgd', 'options.momentum', momentum, 0, 1 - Number.EPSILON);
  const parts: GradientTransformation[] = [];
  if (weightDecay !== 0 || weightDecayMask !== undefined)
    parts.push(addDecayedWeights(weightDecay, weightDecayMask));
  if (momentum > 0 || nesterov) parts.push(traceMomentum({ decay: momentum, nesterov }));
  parts.push(scaleByLearningRate(learningRate));
  return chain(...parts);
}
