import type * as tfl from '@tensorflow/tfjs-layers';
import { assertInteger, createRng, type Rng, TricksError } from '@tftricks/core';
import { type ImageDataset, stratifiedSplit, subsetDataset } from '@tftricks/data';
import { type Predictor, type SelfTrainRound, selfTrain } from '@tftricks/pseudo-label';
import { logitPredictor } from './evaluate-model';
import { flowSection } from './flow-section';
import type { ModelSpec, Recipe } from './recipe';
import { trainLoop } from './train-loop';
import type { RunResult, TrainData, TrainOptions } from './train-options';

/** One self-training round as the demo reports it: the pseudo-labels, and the student's test accuracy. */
export interface PseudoLabelRound extends SelfTrainRound {
  studentAccuracy: number;
}

/** The labeled / unlabeled split of a pseudo-label recipe, and the labeled-only training set. */
export interface LabeledSplit {
  /** Pool size: the first `trainLimit` training images. */
  n: number;
  labeled: ImageDataset;
  unlabeled: ImageDataset;
  /** The labeled images repeated ≈ n / labeled times: the labeled-only model's training set. */
  labeledRepeated: ImageDataset;
  repeats: number;
}

/**
 * Keeps `labeledFraction` of the pool's labels (stratified, seeded) and treats the rest as
 * unlabeled. The labeled-only model trains on the labeled images repeated ≈ 1 / labeledFraction
 * times, so it trains as many steps (and evaluates as often) as each student on the whole
 * pool: a gain of self-training is then not just more optimizer steps.
 */
export function splitLabeled(recipe: Recipe, train: ImageDataset, seed: number): LabeledSplit {
  const pl = flowSection('splitLabeled', recipe, 'pseudoLabel');
  const n = recipe.trainLimit ? Math.min(recipe.trainLimit, train.labels.length) : train.labels.length;
  const pool = subsetDataset(
    train,
    Array.from({ length: n }, (_, i) => i),
  );
  // Stratified, so the few kept labels cover every class like the full set does.
  const split = stratifiedSplit(pool.labels, {
    testFraction: 1 - pl.labeledFraction,
    rng: createRng(seed),
  });
  const labeled = subsetDataset(pool, split.train);
  const unlabeled = subsetDataset(pool, split.test);
  const repeats = Math.max(1, Math.round(n / labeled.labels.length));
  const labeledRepeated = subsetDataset(
    labeled,
    Array.from({ length: repeats * labeled.labels.length }, (_, i) => i % labeled.labels.length),
  );
  return { n, labeled, unlabeled, labeledRepeated, repeats };
}

/**
 * The rows of a student's training set (indices into the merged set, whose `labeled` true-label
 * rows come first, then `pseudo` pseudo-labelled rows) and its epochs, so that it trains
 * `budget` optimizer steps of `batchSize` (to within `epochs − 1`), like the labeled-only model.
 * The true labels are repeated to about `labeledShare` of the rows (all `repeats` when nothing
 * is pseudo-labelled or the share is 1): otherwise many pseudo-labels would drown the few true
 * labels. A set longer than one budget loses a random subset of its rows (true labels keep their
 * share on average); a shorter one is fitted with whole epochs and then cycled or trimmed.
 */
export function studentRows(spec: {
  labeled: number;
  pseudo: number;
  labeledShare: number;
  repeats: number;
  budget: number;
  batchSize: number;
  rng: Rng;
}): { rows: number[]; epochs: number; labeledRepeats: number } {
  const { labeled: nL, pseudo: m, labeledShare: share, repeats, budget, batchSize, rng } = spec;
  const r = share >= 1 || m === 0 ? repeats : Math.max(1, Math.round((share * m) / ((1 - share) * nL)));
  const base = Array.from({ length: r * nL }, (_, i) => i % nL);
  for (let j = nL; j < nL + m; j++) base.push(j);
  const perEpoch = Math.max(1, Math.floor(base.length / batchSize));
  const epochs = Math.max(1, Math.min(budget, Math.round(budget / perEpoch)));
  // A seeded permutation cycled to exactly ⌊budget / epochs⌋ batches per epoch.
  const want = Math.max(1, Math.floor(budget / epochs)) * batchSize;
  const perm = rng.permutation(base.length);
  const rows = Array.from({ length: want }, (_, i) => base[perm[i % base.length]!]!);
  return { rows, epochs, labeledRepeats: r };
}

/** Options of {@link pseudoLabelRun}. */
export interface PseudoLabelRunOptions extends TrainOptions {
  /**
   * The labeled-only model, already trained on `splitLabeled(…).labeledRepeated` with this
   * recipe and seed (e.g. by a benchmark comparing several self-training settings): used as the
   * first teacher, not retrained and not disposed (the caller owns it).
   */
  labeledOnly?: RunResult;
  /**
   * Called with every round's student right after it is trained, before it teaches (e.g. a
   * benchmark scoring each round on its own test split). The model is disposed later unless it is
   * the final one: do not keep it.
   */
  onStudent?: (round: number, student: RunResult) => void | Promise<void>;
  /**
   * Optimizer steps of every student (default: the labeled-only model's steps), e.g. a longer
   * budget for the much larger merged set. Needs `pseudoLabel.labeledShare` (the fitted rows).
   */
  studentSteps?: number;
  /** The students' model (default: the recipe's, the teacher's), e.g. a larger student as in Noisy Student. */
  studentModel?: ModelSpec;
}

/**
 * Self-training with pseudo-labels (the article's §8, Noisy Student): keeps `labeledFraction`
 * of the training labels (stratified), trains a teacher on them, then for `rounds` rounds
 * pseudo-labels the rest (confidence ≥ `threshold`, optionally class-balanced or capped at
 * `maxPerClass`) and trains a
 * fresh student on labeled + pseudo-labelled images with the recipe's augmentation (the noise);
 * each student teaches the next round.
 *
 * @returns the final student's run, the labeled-only teacher's test accuracy and every round.
 */
export async function pseudoLabelRun(
  recipe: Recipe,
  data: TrainData,
  options: PseudoLabelRunOptions,
): Promise<RunResult & { labeledOnlyAccuracy: number; rounds: PseudoLabelRound[] }> {
  const pl = flowSection('pseudoLabelRun', recipe, 'pseudoLabel');
  const { pseudoLabel: _section, trainLimit: _pool, ...plain } = recipe;
  const label = options.label ?? recipe.name;
  const log = options.callbacks?.onLog;
  const { labeledOnly: given, onStudent, studentSteps, studentModel, ...rest } = options;
  if (studentSteps !== undefined) {
    assertInteger('pseudoLabelRun', 'studentSteps', studentSteps, 1);
    if (pl.labeledShare === undefined)
      throw new TricksError(
        'pseudoLabelRun',
        'recipe.pseudoLabel.labeledShare',
        'a share in (0, 1] (options.studentSteps fits the students to it)',
        'undefined',
      );
  }
  const { n, labeled, unlabeled, labeledRepeated, repeats } = splitLabeled(recipe, data.train, options.seed);
  // No checkpoints inside the rounds: a resumed run retrains from the start.
  const runOptions: TrainOptions = { ...rest, saveCheckpoint: undefined, resume: undefined };
  const teacher =
    given ??
    (await trainLoop(
      { ...plain, name: `${recipe.name}-labeled` },
      { train: labeledRepeated, test: data.test },
      { ...runOptions, label: `${label} labeled-only` },
    ));
  if (teacher.interrupted)
    return { ...teacher, name: recipe.name, labeledOnlyAccuracy: Number.NaN, rounds: [] };
  log?.(
    `${label} labeled-only (${labeled.labels.length} labels ×${repeats}, ${unlabeled.labels.length} unlabeled): test accuracy ${(100 * teacher.test.accuracy).toFixed(2)}%`,
  );
  const models: tfl.LayersModel[] = [teacher.model];
  // The teacher predicts like every evaluation: through the recipe's TTA views when it has any.
  const predictor = (model: tfl.LayersModel): Predictor => logitPredictor(model, recipe.tta);
  let last: RunResult = teacher;
  const rounds: PseudoLabelRound[] = [];
  let seconds = given ? 0 : teacher.seconds;
  let steps = given ? 0 : teacher.steps;
  try {
    await selfTrain<number>({
      teacher: predictor(teacher.model),
      labeled,
      unlabeled,
      rounds: pl.rounds,
      threshold: pl.threshold,
      balance: pl.balance ?? false,
      ...(pl.maxPerClass !== undefined ? { maxPerClass: pl.maxPerClass } : {}),
      knownLabels: true,
      makeStudent: (round) => round,
      train: async (round, set) => {
        // A fresh student (new seed) per round, trained with the recipe's augmentation: the noise.
        // Hard pseudo-labels are the merged set's labels. The set is cycled to the pool's size
        // so every student trains as many steps as the labeled-only teacher (and a tiny set,
        // e.g. nothing kept, still fills a batch): equal budgets, so gains are not more steps.
        const size = set.dataset.labels.length;
        let train: ImageDataset;
        let epochs = plain.epochs;
        if (pl.labeledShare === undefined) {
          train = subsetDataset(
            set.dataset,
            Array.from({ length: Math.max(n, plain.batchSize) }, (_, i) => i % size),
          );
        } else {
          const fit = studentRows({
            labeled: labeled.labels.length,
            pseudo: size - labeled.labels.length,
            labeledShare: pl.labeledShare,
            repeats,
            budget: studentSteps ?? teacher.steps,
            batchSize: plain.batchSize,
            rng: createRng(1_000_003 * (options.seed + 1) + round),
          });
          train = subsetDataset(set.dataset, fit.rows);
          epochs = fit.epochs;
        }
        const run = await trainLoop(
          { ...plain, ...(studentModel ? { model: studentModel } : {}), name: recipe.name, epochs },
          { train, test: data.test },
          {
            ...runOptions,
            seed: options.seed + 1 + round,
            label: `${label} round ${round + 1}/${pl.rounds}`,
          },
        );
        models.push(run.model);
        last = run;
        await onStudent?.(round, run);
        seconds += run.seconds;
        steps += run.steps;
        return predictor(run.model);
      },
      onRound: (r) => {
        rounds.push({ ...r, studentAccuracy: last.test.accuracy });
        log?.(
          `${label} round ${r.round + 1}: kept ${r.kept} pseudo-labels (coverage ${(100 * r.coverage).toFixed(1)}%, pseudo-label accuracy ${r.pseudoAccuracy === null ? 'n/a' : `${(100 * r.pseudoAccuracy).toFixed(2)}%`}) · student test accuracy ${(100 * last.test.accuracy).toFixed(2)}%`,
        );
      },
    });
  } finally {
    // Keep only the final student: the teacher and earlier students are done teaching.
    for (const m of models) if (m !== last.model && m !== given?.model) m.dispose();
  }
  return { ...last, name: recipe.name, seconds, steps, labeledOnlyAccuracy: teacher.test.accuracy, rounds };
}
