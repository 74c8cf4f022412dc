import { createRng } from '@tftricks/core';
import { type ImageDataset, kFold, subsetDataset } from '@tftricks/data';
import { evaluateModel, scoreProbabilities } from './evaluate-model';
import type { Recipe } from './recipe';
import { type RunOptions, type RunResult, trainRun } from './train-run';

/**
 * K-fold cross-validation (the article's §5): trains one model per stratified fold, reports
 * each fold's validation accuracy, and predicts the test set with the ensemble of the k
 * models (mean of their probabilities), which is how k-fold models are used on leaderboards.
 */
export async function kfoldRun(
  recipe: Recipe,
  data: { train: ImageDataset; test: ImageDataset },
  options: RunOptions,
): Promise<RunResult & { foldAccuracy: number[] }> {
  const k = recipe.kfold!.k;
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
    const run = await trainRun(
      { ...single, name: recipe.name },
      { train: subsetDataset(pool, fold.train), test: subsetDataset(pool, fold.validation) },
      {
        ...options,
        seed: options.seed + f,
        label: `${recipe.name} fold ${f + 1}/${k}`,
        checkpointPath: undefined,
        save: undefined,
      },
    );
    foldAccuracy.push(run.test.accuracy);
    const onTest = evaluateModel(run.model, data.test, numClasses, { tta: recipe.tta });
    for (let i = 0; i < ensemble.length; i++) ensemble[i]! += onTest.probs[i]! / k;
    seconds += run.seconds;
    steps += run.steps;
    if (last) last.model.dispose();
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
