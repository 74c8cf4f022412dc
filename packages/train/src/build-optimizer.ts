import { createOptimizer, type PresetOptions, type TricksOptimizer } from '@tftricks/optimizers';
import type { Schedule } from '@tftricks/schedulers';
import type { Recipe } from './recipe';

/**
 * The recipe's optimizer (`createOptimizer` of @tftricks/optimizers by `optimizer.name`, with
 * the section's other options), its learning rate driven by `schedule`.
 */
export function buildOptimizer(recipe: Pick<Recipe, 'optimizer'>, schedule: Schedule): TricksOptimizer {
  const { name, learningRate: _base, ...options } = recipe.optimizer;
  return createOptimizer(name, { ...(options as PresetOptions), learningRate: schedule });
}
