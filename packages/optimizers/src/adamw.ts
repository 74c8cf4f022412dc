import type { AdamOptions } from './adam';
import { addDecayedWeights } from './add-decayed-weights';
import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import { scaleByAdam } from './scale-by-adam';
import { scaleByLearningRate } from './scale-by-learning-rate';

/**
 * AdamW (Loshchilov & Hutter 2019) = chain(scaleByAdam, addDecayedWeights, scaleByLearningRate):
 * p ← p − lr·(m̂/(√v̂+ε) + wd·p), the same as `torch.optim.AdamW`. Default weight decay 1e-2,
 * applied to rank ≥ 2 parameters only unless `weightDecayMask` says otherwise (torch decays all).
 */
export function adamw(options: AdamOptions = {}): GradientTransformation {
  const { learningRate = 1e-3, weightDecay = 1e-2, weightDecayMask, ...adamOptions } = options;
  return chain(
    scaleByAdam(adamOptions),
    addDecayedWeights(weightDecay, weightDecayMask),
    scaleByLearningRate(learningRate),
  );
}
