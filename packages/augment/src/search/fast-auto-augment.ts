import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  assertInteger,
  assertPerSample,
  type Batch,
  describeValue,
  type Images,
  oneHot,
  type Rng,
  TricksError,
} from '@tftricks/core';
import { augment } from '../base/augment';
import { autoAugment, type CustomPolicy } from '../policies/auto-augment';
import {
  autoAugmentSpace,
  POLICY_OPS,
  type PolicyOpName,
  type PolicyStep,
  type PolicyWarpOptions,
} from '../policies/policy-ops';
import { type TpeDimension, type TpeObservation, tpeSuggest } from './tpe-search';

/** Maps images `[n, H, W, C]` to class probabilities `[n, K]`. */
export type FoldModel = (images: Images) => tf.Tensor2D;

/** One fold: indices of D_M (train the model) and D_A (evaluate augmented), as `kFold` of @tftricks/data returns. */
export interface SearchFold {
  train: ArrayLike<number>;
  validation: ArrayLike<number>;
}

/** A progress report, after every trial. */
export interface FastAutoAugmentProgress {
  fold: number;
  trial: number;
  trialsPerFold: number;
  /** Mean cross-entropy and accuracy of the fold's model on D_A augmented by this trial's policy. */
  loss: number;
  accuracy: number;
  /** The lowest loss of this fold so far. */
  bestLoss: number;
  elapsedMs: number;
}

/** Options of {@link fastAutoAugment}. */
export interface FastAutoAugmentOptions extends PolicyWarpOptions {
  /** Training images `[N, H, W, C]` in [0, 1]; not disposed. */
  images: Images;
  /** N integer class labels in [0, numClasses). */
  labels: ArrayLike<number>;
  numClasses: number;
  /** The K folds (e.g. `kFold(labels, 5, { stratified: true, rng })` from @tftricks/data). */
  folds: readonly SearchFold[];
  /**
   * Trains a model on a fold's D_M without augmentation and returns its predict function. The
   * batch is disposed after the call returns. Needed unless `models` is given.
   */
  train?: (batch: Batch, fold: number) => FoldModel | Promise<FoldModel>;
  /** Already trained models, one per fold (each trained on that fold's `train` indices). */
  models?: readonly FoldModel[];
  /** Policies tried per fold (TPE trials, B in the paper), integer ≥ 1; default 100. */
  trials?: number;
  /** Wall-clock budget for the whole search in ms (training included); default Infinity. */
  timeBudgetMs?: number;
  /** Sub-policies per candidate policy, integer ≥ 1; default 5 (the paper's code). */
  subPolicies?: number;
  /** Ops per sub-policy, integer ≥ 1; default 2. */
  steps?: number;
  /** Best policies kept per fold and merged, integer ≥ 1; default 10. */
  topN?: number;
  /** The searched ops; default AutoAugment's 14 (ShearX … Invert). */
  ops?: readonly PolicyOpName[];
  /** Magnitude bins, integer ≥ 2; default 10. */
  numBins?: number;
  /** Images per predict call during evaluation, integer ≥ 1; default 256. */
  batchSize?: number;
  /** TPE random start-up trials per fold; default 10. */
  startupTrials?: number;
  rng: Rng;
  onProgress?: (progress: FastAutoAugmentProgress) => void;
}

/** One evaluated candidate. */
export interface SearchTrial {
  subPolicies: PolicyStep[][];
  loss: number;
  accuracy: number;
}

/** Result of {@link fastAutoAugment}. */
export interface FastAutoAugmentResult {
  /** The merged top policies of every fold; pass it to `autoAugment({ policy })`. JSON-able. */
  policy: CustomPolicy;
  /** Per fold: the model's loss/accuracy on clean D_A, and every trial in order. */
  folds: { baselineLoss: number; baselineAccuracy: number; trials: SearchTrial[] }[];
  trainMs: number;
  searchMs: number;
  /** True if the time budget stopped the search early. */
  stoppedByBudget: boolean;
}

/** Mean cross-entropy and accuracy of `model` on `images` (chunked). */
function evaluate(
  model: FoldModel,
  images: Images,
  labels: readonly number[],
  batchSize: number,
): { loss: number; accuracy: number } {
  const n = images.shape[0];
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < n; s += batchSize) {
    const m = Math.min(batchSize, n - s);
    const [probs, pred] = tf.tidy(() => {
      const x = tf.slice(images, [s, 0, 0, 0], [m, -1, -1, -1]) as Images;
      const p = model(x);
      if (!(p instanceof tf.Tensor) || p.rank !== 2 || p.shape[0] !== m)
        throw new TricksError(
          'fastAutoAugment',
          'models',
          `a predict returning [${m}, K] probabilities`,
          describeValue(p),
        );
      const idx = tf.tensor2d(
        labels.slice(s, s + m).flatMap((l, i) => [i, l]),
        [m, 2],
        'int32',
      );
      return [tf.gatherND(p, idx), tf.argMax(p, 1)];
    });
    const pv = probs.dataSync();
    const av = pred.dataSync();
    for (let i = 0; i < m; i++) {
      loss -= Math.log(Math.max(pv[i]!, 1e-12));
      if (av[i] === labels[s + i]) correct++;
    }
    tf.dispose([probs, pred]);
  }
  return { loss: loss / n, accuracy: correct / n };
}

/**
 * Fast AutoAugment (Lim et al. 2019): searches augmentation policies by density matching.
 * For each fold, a model is trained on D_M without augmentation (`train`, or given `models`);
 * then a TPE search (seeded) proposes candidate policies — `subPolicies` sub-policies of
 * `steps` (op, probability, magnitude bin) — and scores each by the model's cross-entropy on
 * D_A augmented with it (lower is better: the augmented data still looks like the training
 * distribution to the model). The `topN` policies of every fold are merged into one
 * {@link CustomPolicy}, usable as `autoAugment({ policy })`.
 *
 * Cost: trials × |D_A| forward passes per fold, plus K trainings.
 */
export async function fastAutoAugment(options: FastAutoAugmentOptions): Promise<FastAutoAugmentResult> {
  const fn = 'fastAutoAugment';
  if (options === null || typeof options !== 'object')
    throw new TricksError(fn, 'options', 'an options object', describeValue(options));
  const { images, numClasses, rng } = options;
  const labels: ArrayLike<number> = options.labels;
  const folds: readonly SearchFold[] = options.folds;
  assertImages(fn, 'options.images', images);
  const n = images.shape[0];
  assertInteger(fn, 'options.numClasses', numClasses, 2);
  if (!labels || typeof labels.length !== 'number')
    throw new TricksError(fn, 'options.labels', `${n} class labels`, describeValue(labels));
  assertPerSample(fn, 'options.labels', labels, n);
  Array.from(labels).forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l >= numClasses)
      throw new TricksError(fn, `options.labels[${i}]`, `an integer in [0, ${numClasses})`, describeValue(l));
  });
  if (!Array.isArray(folds) || folds.length === 0)
    throw new TricksError(
      fn,
      'options.folds',
      'a non-empty array of { train, validation } index lists',
      describeValue(folds),
    );
  folds.forEach((f, k) => {
    for (const key of ['train', 'validation'] as const) {
      const idx: ArrayLike<number> | undefined = f?.[key];
      const ok =
        idx &&
        typeof idx.length === 'number' &&
        idx.length > 0 &&
        Array.from(idx).every((i) => Number.isInteger(i) && i >= 0 && i < n);
      if (!ok)
        throw new TricksError(
          fn,
          `options.folds[${k}].${key}`,
          `non-empty indices in [0, ${n})`,
          describeValue(idx),
        );
    }
  });
  if (options.models !== undefined) {
    if (
      !Array.isArray(options.models) ||
      options.models.length !== folds.length ||
      !options.models.every((m) => typeof m === 'function')
    )
      throw new TricksError(
        fn,
        'options.models',
        `${folds.length} predict functions (one per fold)`,
        describeValue(options.models),
      );
  } else if (typeof options.train !== 'function')
    throw new TricksError(
      fn,
      'options.train',
      'a function (batch, fold) → predict, or options.models',
      describeValue(options.train),
    );
  const trials = options.trials ?? 100;
  const subPolicies = options.subPolicies ?? 5;
  const steps = options.steps ?? 2;
  const topN = options.topN ?? 10;
  const bins = options.numBins ?? 10;
  const batchSize = options.batchSize ?? 256;
  const startup = options.startupTrials ?? 10;
  const budget = options.timeBudgetMs ?? Number.POSITIVE_INFINITY;
  assertInteger(fn, 'options.trials', trials, 1);
  assertInteger(fn, 'options.subPolicies', subPolicies, 1);
  assertInteger(fn, 'options.steps', steps, 1);
  assertInteger(fn, 'options.topN', topN, 1);
  assertInteger(fn, 'options.numBins', bins, 2);
  assertInteger(fn, 'options.batchSize', batchSize, 1);
  assertInteger(fn, 'options.startupTrials', startup, 0);
  if (typeof budget !== 'number' || !(budget > 0))
    throw new TricksError(fn, 'options.timeBudgetMs', 'a number > 0', describeValue(budget));
  const [, h, w] = images.shape;
  const space = autoAugmentSpace(bins, h, w);
  const ops: readonly PolicyOpName[] = options.ops ?? (Object.keys(space) as PolicyOpName[]);
  if (
    !Array.isArray(ops) ||
    ops.length === 0 ||
    !ops.every((o) => (POLICY_OPS as readonly string[]).includes(o))
  )
    throw new TricksError(
      fn,
      'options.ops',
      `a non-empty array of ${POLICY_OPS.join(', ')}`,
      describeValue(ops),
    );
  const warp = { interpolation: options.interpolation ?? 'nearest', fill: options.fill ?? 0 };
  autoAugment(warp); // validates the warp options before any training

  // Per step: op (categorical), probability, magnitude (both in [0, 1]).
  const dims: TpeDimension[] = [];
  for (let i = 0; i < subPolicies * steps; i++)
    dims.push({ kind: 'categorical', n: ops.length }, { kind: 'uniform' }, { kind: 'uniform' });
  const decode = (x: readonly number[]): PolicyStep[][] =>
    Array.from({ length: subPolicies }, (_, s) =>
      Array.from({ length: steps }, (_, t) => {
        const j = 3 * (s * steps + t);
        const op: PolicyOpName = ops[x[j]!]!;
        const hasMagnitude = space[op]?.magnitudes != null;
        return {
          op,
          p: Math.round(x[j + 1]! * 1000) / 1000,
          magnitude: hasMagnitude ? Math.min(bins - 1, Math.floor(x[j + 2]! * bins)) : null,
        };
      }),
    );

  const start = Date.now();
  let trainMs = 0;
  let stoppedByBudget = false;
  const labelList: number[] = Array.from(labels);
  const results: FastAutoAugmentResult['folds'] = [];
  const merged: PolicyStep[][] = [];
  for (let k = 0; k < folds.length; k++) {
    const fold: SearchFold = folds[k]!;
    let model = options.models?.[k];
    if (!model) {
      const t0 = Date.now();
      const dm = tf.tidy(() => {
        const idx = tf.tensor1d(Array.from(fold.train), 'int32');
        return {
          images: tf.gather(images, idx) as Images,
          targets: oneHot(
            Array.from(fold.train, (i) => labelList[i]!),
            numClasses,
          ),
        };
      });
      try {
        model = await options.train!(dm, k);
      } finally {
        tf.dispose([dm.images, dm.targets]);
      }
      trainMs += Date.now() - t0;
    }
    const vIdx: number[] = Array.from(fold.validation);
    const vLabels = vIdx.map((i) => labelList[i]!);
    const da: Batch = tf.tidy(() => ({
      images: tf.gather(images, tf.tensor1d(vIdx, 'int32')) as Images,
      targets: tf.zeros([vIdx.length, 1]) as tf.Tensor2D,
    }));
    const record: FastAutoAugmentResult['folds'][number] = {
      baselineLoss: 0,
      baselineAccuracy: 0,
      trials: [],
    };
    try {
      const base = evaluate(model, da.images, vLabels, batchSize);
      record.baselineLoss = base.loss;
      record.baselineAccuracy = base.accuracy;
      const observed: TpeObservation[] = [];
      let bestLoss = Number.POSITIVE_INFINITY;
      for (let t = 0; t < trials; t++) {
        if (Date.now() - start > budget) {
          stoppedByBudget = true;
          break;
        }
        const x = tpeSuggest(rng, dims, observed, { startup });
        const sub = decode(x);
        const aug = autoAugment({ policy: { subPolicies: sub, numBins: bins }, ...warp });
        const out = augment(aug, da, rng);
        let score: { loss: number; accuracy: number };
        try {
          score = evaluate(model, out.batch.images, vLabels, batchSize);
        } finally {
          tf.dispose([out.batch.images, out.batch.targets]);
        }
        observed.push({ x, loss: score.loss });
        record.trials.push({ subPolicies: sub, ...score });
        bestLoss = Math.min(bestLoss, score.loss);
        options.onProgress?.({
          fold: k,
          trial: t,
          trialsPerFold: trials,
          loss: score.loss,
          accuracy: score.accuracy,
          bestLoss,
          elapsedMs: Date.now() - start,
        });
      }
    } finally {
      tf.dispose([da.images, da.targets]);
    }
    results.push(record);
    const top = [...record.trials].sort((a, b) => a.loss - b.loss).slice(0, topN);
    for (const trial of top) merged.push(...trial.subPolicies);
    if (stoppedByBudget) break;
  }
  if (merged.length === 0)
    throw new TricksError(
      fn,
      'options.timeBudgetMs',
      'a budget that leaves time for at least one trial',
      String(budget),
    );
  return {
    policy: { numBins: bins, subPolicies: merged },
    folds: results,
    trainMs,
    searchMs: Date.now() - start,
    stoppedByBudget,
  };
}
