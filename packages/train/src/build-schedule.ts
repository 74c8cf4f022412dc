import { createScheduler, type SerializableSchedule } from '@tftricks/schedulers';
import type { Recipe } from './recipe';

/**
 * The recipe's learning-rate schedule over `totalUpdates` optimizer updates (`createScheduler`
 * of @tftricks/schedulers with `optimizer.learningRate` as the base rate); constant when the
 * recipe has no `schedule`.
 */
export function buildSchedule(
  recipe: Pick<Recipe, 'optimizer' | 'schedule'>,
  totalUpdates: number,
): SerializableSchedule {
  const spec = recipe.schedule ?? { type: 'constant' as const };
  return createScheduler({ ...spec, learningRate: recipe.optimizer.learningRate, totalSteps: totalUpdates });
}
