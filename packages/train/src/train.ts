import { distillRun } from './distill-run';
import { kfoldRun } from './kfold-run';
import { pseudoLabelRun } from './pseudo-label-run';
import type { Recipe } from './recipe';
import { trainLoop } from './train-loop';
import type { RunResult, TrainData, TrainOptions } from './train-options';

/**
 * Trains a recipe on `data.train`, evaluating on `data.test` (a validation split) after every
 * epoch, and returns the curves, the final predictions and the trained model (the caller
 * disposes it). The recipe's flow decides how: `distill` → {@link distillRun}, `pseudoLabel` →
 * {@link pseudoLabelRun}, `kfold` → {@link kfoldRun}, else one run.
 *
 * Progress arrives through `options.callbacks`; aborting `options.signal` stops after the
 * current step and saves a checkpoint through `options.saveCheckpoint` (also called after every
 * epoch), and `options.resume` continues from one — bit-exactly on the cpu backend. The same
 * seed gives the same run on a given backend.
 */
export function train(recipe: Recipe, data: TrainData, options: TrainOptions): Promise<RunResult> {
  if (recipe.distill) return distillRun(recipe, data, options);
  if (recipe.pseudoLabel) return pseudoLabelRun(recipe, data, options);
  if (recipe.kfold) return kfoldRun(recipe, data, options);
  return trainLoop(recipe, data, options);
}
