import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import { clipByBlockRms } from './clip-by-block-rms';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import { type ScaleByFactoredRmsOptions, scaleByFactoredRms } from './scale-by-factored-rms';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { scaleByParamBlockRms } from './scale-by-param-block-rms';
import type { WeightDecayOptions } from './sgd';

/** Options of {@link adafactor}. */
export interface AdafactorOptions extends ScaleByFactoredRmsOptions, WeightDecayOptions {
  /**
   * Step size ρₜ (number or Schedule). Default: the paper's relative step
   * ρₜ = min(1e-2, 1/√t) with t the 1-based update count ({@link adafactorRelativeStep}).
   */
  learningRate?: LearningRate;
  /** Update clipping threshold d > 0. Default 1. */
  clipThreshold?: number;
  /** Scale steps by max(ε₂, RMS(param)) (relative step). Default true. */
  multiplyByParameterScale?: boolean;
  /** ε₂ of the parameter scale. Default 1e-3. */
  eps2?: number;
}

/** The paper's relative step schedule ρₜ = min(1e-2, 1/√(step+1)) (step 0-based). */
export function adafactorRelativeStep(step: number): number {
  return Math.min(1e-2, 1 / Math.sqrt(step + 1));
}

/**
 * Adafactor (Shazeer & Stern 2018, Algorithm 4 with β1 = 0): factored second moments,
 * update clipping, relative step: X ← X − max(ε₂, RMS(X))·ρₜ·Û. Optional decoupled weight
 * decay is added to the clipped, parameter-scaled update before −lr (default 0).
 */
export function adafactor(options: AdafactorOptions = {}): GradientTransformation {
  const {
    learningRate = adafactorRelativeStep,
    clipThreshold = 1,
    multiplyByParameterScale = true,
    eps2 = 1e-3,
    weightDecay = 0,
    weightDecayMask,
    ...rms
  } = options;
  const parts: GradientTransformation[] = [scaleByFactoredRms(rms), clipByBlockRms(clipThreshold)];
  if (multiplyByParameterScale) parts.push(scaleByParamBlockRms(eps2));
  if (weightDecay !== 0) parts.push(addDecayedWeights(weightDecay, weightDecayMask));
  parts.push(scaleByLearningRate(learningRate));
  return chain(...parts);
}
