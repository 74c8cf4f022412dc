import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '@tftricks/core';
import { type ImageDataset, stratifiedSplit, subsetDataset } from '@tftricks/data';
import { type Predictor, type SelfTrainRound, selfTrain } from '@tftricks/pseudo-label';
import type { Recipe } from './recipe';
import { type RunOptions, type RunResult, trainRun } from './train-run';

/** One self-training round as the demo reports it: the pseudo-labels, and the student's test accuracy. */
export interface PseudoLabelRound extends SelfTrainRound {
  studentAccuracy: number;
}

/**
 * Self-training with pseudo-labels (the article's §8, Noisy Student): keeps `labeledFraction`
 * of the training labels (stratified), trains a teacher on them, then for `rounds` rounds
 * pseudo-labels the rest (confidence ≥ `threshold`, optionally class-balanced) and trains a
 * fresh student on labeled + pseudo-labelled images with the recipe's augmentation (the noise);
 * each student teaches the next round.
 *
 * @returns the final student's run, the labeled-only teacher's test accuracy and every round.
 */
export async function pseudoLabelRun(
  recipe: Recipe,
  data: { train: ImageDataset; test: ImageDataset },
  options: RunOptions,
): Promise<RunResult & { labeledOnlyAccuracy: number; rounds: PseudoLabelRound[] }> {
  const { pseudoLabel: pl, trainLimit, ...plain } = recipe;
  if (!pl) throw new Error(`recipe ${recipe.name}: pseudoLabelRun needs a pseudoLabel section`);
  const n = trainLimit ? Math.min(trainLimit, data.train.labels.length) : data.train.labels.length;
  const pool = subsetDataset(
    data.train,
    Array.from({ length: n }, (_, i) => i),
  );
  // Stratified, so the few kept labels cover every class like the full set does.
  const split = stratifiedSplit(pool.labels, {
    testFraction: 1 - pl.labeledFraction,
    rng: createRng(options.seed),
  });
  const labeled = subsetDataset(pool, split.train);
  const unlabeled = subsetDataset(pool, split.test);
  // The labeled-only teacher sees its labeled images repeated ≈ 1 / labeledFraction times, so it
  // trains as many steps (and evaluates as often) as each student on the whole pool: a gain of
  // self-training is then not just more optimizer steps.
  const repeats = Math.max(1, Math.round(n / labeled.labels.length));
  const labeledRepeated = subsetDataset(
    labeled,
    Array.from({ length: repeats * labeled.labels.length }, (_, i) => i % labeled.labels.length),
  );
  // No checkpoints inside the rounds: a resumed run retrains from the start.
  const runOptions: RunOptions = {
    ...options,
    checkpointPath: undefined,
    save: undefined,
    resume: undefined,
  };
  const teacher = await trainRun(
    { ...plain, name: `${recipe.name}-labeled` },
    { train: labeledRepeated, test: data.test },
    {
      ...runOptions,
      label: `${recipe.name} labeled-only`,
    },
  );
  console.log(
    `${recipe.name} labeled-only (${labeled.labels.length} labels ×${repeats}, ${unlabeled.labels.length} unlabeled): test accuracy ${(100 * teacher.test.accuracy).toFixed(2)}%`,
  );
  const models: tfl.LayersModel[] = [teacher.model];
  const predictor =
    (model: tfl.LayersModel): Predictor =>
    (images) =>
      model.apply(images, { training: false }) as tf.Tensor2D;
  let last: RunResult = teacher;
  const rounds: PseudoLabelRound[] = [];
  let seconds = teacher.seconds;
  let steps = teacher.steps;
  try {
    await selfTrain<number>({
      teacher: predictor(teacher.model),
      labeled,
      unlabeled,
      rounds: pl.rounds,
      threshold: pl.threshold,
      balance: pl.balance ?? false,
      knownLabels: true,
      makeStudent: (round) => round,
      train: async (round, set) => {
        // A fresh student (new seed) per round, trained with the recipe's augmentation: the noise.
        // Hard pseudo-labels are the merged set's labels. The set is cycled to the pool's size
        // so every student trains as many steps as the labeled-only teacher (and a tiny set,
        // e.g. nothing kept, still fills a batch): equal budgets, so gains are not more steps.
        const size = set.dataset.labels.length;
        const train = subsetDataset(
          set.dataset,
          Array.from({ length: Math.max(n, plain.batchSize) }, (_, i) => i % size),
        );
        const run = await trainRun(
          { ...plain, name: recipe.name },
          { train, test: data.test },
          {
            ...runOptions,
            seed: options.seed + 1 + round,
            label: `${recipe.name} round ${round + 1}/${pl.rounds}`,
          },
        );
        models.push(run.model);
        last = run;
        seconds += run.seconds;
        steps += run.steps;
        return predictor(run.model);
      },
      onRound: (r) => {
        rounds.push({ ...r, studentAccuracy: last.test.accuracy });
        console.log(
          `${recipe.name} round ${r.round + 1}: kept ${r.kept} pseudo-labels (coverage ${(100 * r.coverage).toFixed(1)}%, pseudo-label accuracy ${r.pseudoAccuracy === null ? 'n/a' : `${(100 * r.pseudoAccuracy).toFixed(2)}%`}) · student test accuracy ${(100 * last.test.accuracy).toFixed(2)}%`,
        );
      },
    });
  } finally {
    // Keep only the final student: the teacher and earlier students are done teaching.
    for (const m of models) if (m !== last.model) m.dispose();
  }
  return { ...last, name: recipe.name, seconds, steps, labeledOnlyAccuracy: teacher.test.accuracy, rounds };
}
