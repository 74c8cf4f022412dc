import { chain } from './chain';
import type { GradientTransformation } from './gradient-transformation';
import type { LearningRate } from './learning-rate';
import { scaleByLearningRate } from './scale-by-learning-rate';
import { type ScaleByNovogradOptions, scaleByNovograd } from './scale-by-novograd';

/** Options of {@link novograd}. */
export interface NovogradOptions extends ScaleByNovogradOptions {
  /** Learning rate (number ≥ 0 or Schedule). Default 1e-3. */
  learningRate?: LearningRate;
}

/** NovoGrad (Ginsburg et al. 2019) = chain(scaleByNovograd, scaleByLearningRate). */
export function novograd(options: NovogradOptions = {}): GradientTransformation {
  const { learningRate = 1e-3, ...rest } = options;
  return chain(scaleByNovograd(rest), scaleByLearningRate(learningRate));
}
