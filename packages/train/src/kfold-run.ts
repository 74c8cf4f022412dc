import { createRng } from '@tftricks/core';
import { kFold, subsetDataset } from '@tftricks/data';
import { evaluateModel, scoreProbabilities } from './evaluate-model';
import { flowSection } from './flow-section';
import type { Recipe } from './recipe';
import { trainLoop } from './train-loop';
import type { RunResult, TrainData, TrainOptions } from './train-options';

/**
 * K-fold cross-validation (the article's §5): trains one model per stratified fold, reports
 * each fold's validation accuracy, and predicts the test set with the ensemble of the k
 * models (mean of their probabilities), which is how k-fold models are used on leaderboards.
 */
export async function kfoldRun(
  recipe: Recipe,
  data: TrainData,
  options: TrainOptions,
): Promise<RunResult & { foldAccuracy: number[] }> {
  const { k } = flowSection('kfoldRun', recipe, 'kfold');
  const label = options.label ?? recipe.name;
  const n = recipe.trainLimit
    ? Math.min(recipe.trainLimit, data.train.labels.length)
    : data.train.labels.length;
  const pool = subsetDataset(
    data.train,
    Array.from({ length: n }, (_, i) => i),
  );
  const folds = kFold(pool.labels, k, { stratified: true, rng: createRng(options.seed) });
  const numClasses = data.train.numClasses;
  const ensemble = new Float32Array(data.test.labels.length * numClasses);
  const foldAccuracy: number[] = [];
  const { kfold: _omit, trainLimit: _limit, ...single } = recipe;
  let last: RunResult | null = null;
  let seconds = 0;
  let steps = 0;
  for (const [f, fold] of folds.entries()) {
    // No checkpoints inside the folds: a resumed run retrains them.
    const run = await trainLoop(
      { ...single, name: recipe.name },
      { train: subsetDataset(pool, fold.train), test: subsetDataset(pool, fold.validation) },
      {
        ...options,
        seed: options.seed + f,
        label: `${label} fold ${f + 1}/${k}`,
        saveCheckpoint: undefined,
        resume: undefined,
      },
    );
    if (last) last.model.dispose();
    if (run.interrupted)
      return { ...run, seconds: seconds + run.seconds, steps: steps + run.steps, foldAccuracy };
    options.callbacks?.onLog?.(
      `${label} fold ${f + 1}/${k}: validation accuracy ${(100 * run.test.accuracy).toFixed(2)}%`,
    );
    foldAccuracy.push(run.test.accuracy);
    const onTest = evaluateModel(run.model, data.test, numClasses, { tta: recipe.tta });
    for (let i = 0; i < ensemble.length; i++) ensemble[i]! += onTest.probs[i]! / k;
    seconds += run.seconds;
    steps += run.steps;
    last = run;
  }
  // Score the ensemble's mean probabilities.
  const labels = Int32Array.from(data.test.labels);
  return {
    ...last!,
    test: scoreProbabilities(ensemble, labels, numClasses),
    seconds,
    steps,
    foldAccuracy,
  };
}
