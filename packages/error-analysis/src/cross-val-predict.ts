import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import { type ProbsInput, readProbs } from './prediction-input';

/** One cross-validation fold: indices to train on and to predict (the shape of `@tftricks/data`'s `kFold`). */
export interface CrossValFold {
  train: ArrayLike<number>;
  validation: ArrayLike<number>;
}

/** Predicts probabilities [M, K] (rows sum to 1) for the samples at `indices`. */
export type FoldPredictor = (indices: number[]) => ProbsInput | Promise<ProbsInput>;

/**
 * Trains one model on `trainIndices` (fold `fold`) and returns its predictor. Each call must
 * start from fresh weights, or the held-out fold is no longer out-of-sample.
 */
export type FoldTrainer = (trainIndices: number[], fold: number) => FoldPredictor | Promise<FoldPredictor>;

/**
 * Out-of-sample probabilities by k-fold cross-validation (sklearn's `cross_val_predict`), the
 * input {@link findLabelIssues} needs: for each fold, `train(fold.train)` then predict
 * `fold.validation`. Every sample must be in exactly one validation fold. Tensors the
 * predictor returns are read and disposed.
 *
 * ```ts
 * const folds = kFold(labels, 4, { stratified: true, rng: createRng(0) }); // @tftricks/data
 * const probs = await crossValPredict(n, folds, async (trainIdx) => { ...; return (idx) => predict(idx) });
 * ```
 *
 * @param n number of samples, ≥ 2.
 * @param folds ≥ 2 folds whose validation sets partition [0, n).
 * @returns a float32 `Tensor2D` [n, K] (the caller disposes it).
 */
export async function crossValPredict(
  n: number,
  folds: readonly CrossValFold[],
  train: FoldTrainer,
): Promise<tf.Tensor2D> {
  const fn = 'crossValPredict';
  assertInteger(fn, 'n', n, 2);
  if (!Array.isArray(folds) || folds.length < 2)
    throw new TricksError(fn, 'folds', 'at least 2 folds', describeValue(folds));
  if (typeof train !== 'function')
    throw new TricksError(fn, 'train', 'a function (trainIndices, fold) => predictor', describeValue(train));
  const seen = new Uint8Array(n);
  folds.forEach((fold, f) => {
    for (let t = 0; t < fold.validation.length; t++) {
      const i = fold.validation[t]!;
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new TricksError(fn, `folds[${f}].validation[${t}]`, `an index in [0, ${n})`, describeValue(i));
      if (seen[i])
        throw new TricksError(
          fn,
          `folds[${f}].validation`,
          'validation sets that do not overlap',
          `index ${i} twice`,
        );
      seen[i] = 1;
    }
  });
  const missing = seen.indexOf(0);
  if (missing >= 0)
    throw new TricksError(
      fn,
      'folds',
      `validation sets covering all ${n} samples`,
      `index ${missing} in no validation set`,
    );

  let out: Float32Array | null = null;
  let k = 0;
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const predict = await train(toArray(fold.train), f);
    if (typeof predict !== 'function')
      throw new TricksError(fn, 'train', 'to return a predictor function', describeValue(predict));
    const validation = toArray(fold.validation);
    const result = await predict(validation);
    let p: Awaited<ReturnType<typeof readProbs>>;
    try {
      p = await readProbs(fn, `predictions of fold ${f}`, result);
    } finally {
      if (result instanceof tf.Tensor) result.dispose();
    }
    if (p.n !== validation.length) {
      throw new TricksError(
        fn,
        `predictions of fold ${f}`,
        `${validation.length} rows (one per validation index)`,
        `${p.n} rows`,
      );
    }
    if (out === null) {
      k = p.k;
      out = new Float32Array(n * k);
    } else if (p.k !== k) {
      throw new TricksError(fn, `predictions of fold ${f}`, `${k} columns (as fold 0)`, `${p.k} columns`);
    }
    validation.forEach((i, r) => {
      out!.set(p.data.subarray(r * k, (r + 1) * k), i * k);
    });
  }
  return tf.tensor2d(out!, [n, k], 'float32');
}

function toArray(indices: ArrayLike<number>): number[] {
  const out = new Array<number>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = indices[i]!;
  return out;
}
