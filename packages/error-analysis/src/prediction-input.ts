import * as tf from '@tensorflow/tfjs-core';
import { assertSameBatch, describeValue, TricksError } from '@tftricks/core';

/**
 * Predicted class probabilities for N samples and K classes: a `Tensor2D` [N, K], an array of
 * N rows of length K, or a flat row-major array with its shape. Every row must be a
 * probability vector (entries in [0, 1], summing to 1 within `PROB_SUM_TOLERANCE`).
 */
export type ProbsInput =
  | tf.Tensor2D
  | readonly ArrayLike<number>[]
  | { readonly data: ArrayLike<number>; readonly shape: readonly [number, number] };

/** N integer class labels in [0, K): an int32 `Tensor1D`, a typed array or a number array. */
export type LabelsInput = tf.Tensor1D | ArrayLike<number>;

/** Probabilities read back to the CPU: row-major `data` of N·K float32 values. */
export interface ProbMatrix {
  data: Float32Array;
  n: number;
  k: number;
}

/**
 * How far a row sum may stray from 1. Softmax in float32 lands within ~1e-6; 1e-3 still
 * rejects logits, scores and unnormalised counts passed by mistake.
 */
export const PROB_SUM_TOLERANCE = 1e-3;

/**
 * Reads and validates probabilities (one backend read for a tensor). Throws a TricksError
 * naming `fn`/`arg` for an empty input, a wrong shape, a value outside [0, 1] or NaN, or a
 * row that does not sum to 1.
 */
export async function readProbs(fn: string, arg: string, probs: ProbsInput): Promise<ProbMatrix> {
  let data: Float32Array;
  let n: number;
  let k: number;
  if (probs instanceof tf.Tensor) {
    if (probs.isDisposed) throw new TricksError(fn, arg, 'a live tf.Tensor', 'a disposed tensor');
    if (probs.rank !== 2)
      throw new TricksError(fn, arg, 'probabilities of shape [N, K]', describeValue(probs));
    [n, k] = probs.shape as [number, number];
    data =
      probs.dtype === 'float32'
        ? ((await probs.data()) as Float32Array)
        : Float32Array.from(await probs.data());
  } else if (Array.isArray(probs)) {
    const rows = probs as readonly ArrayLike<number>[];
    n = rows.length;
    k = n > 0 ? rows[0]!.length : 0;
    data = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (!row || row.length !== k) {
        throw new TricksError(
          fn,
          `${arg}[${i}]`,
          `a row of ${k} probabilities (like row 0)`,
          describeValue(row),
        );
      }
      for (let j = 0; j < k; j++) data[i * k + j] = row[j]!;
    }
  } else if (probs && typeof probs === 'object' && 'data' in probs && 'shape' in probs) {
    const flat = probs as { data: ArrayLike<number>; shape: readonly [number, number] };
    [n, k] = flat.shape;
    if (!Number.isInteger(n) || !Number.isInteger(k) || flat.data.length !== n * k) {
      throw new TricksError(
        fn,
        `${arg}.data`,
        `${n}·${k} values (shape [${flat.shape.join(', ')}])`,
        describeValue(flat.data),
      );
    }
    data = flat.data instanceof Float32Array ? flat.data : Float32Array.from(flat.data);
  } else {
    throw new TricksError(
      fn,
      arg,
      'a Tensor2D [N, K], an array of rows, or { data, shape }',
      describeValue(probs),
    );
  }
  if (n === 0) throw new TricksError(fn, arg, 'at least one row of probabilities', 'an empty input (N = 0)');
  if (k < 2) throw new TricksError(fn, arg, 'at least 2 classes (K ≥ 2)', `K = ${k}`);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = data[i * k + j]!;
      if (!(p >= 0 && p <= 1)) {
        throw new TricksError(
          fn,
          `${arg}[${i}][${j}]`,
          'a probability in [0, 1] (apply softmax to logits first)',
          describeValue(p),
        );
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > PROB_SUM_TOLERANCE) {
      throw new TricksError(
        fn,
        `${arg}[${i}]`,
        `a row summing to 1 (± ${PROB_SUM_TOLERANCE})`,
        `a row summing to ${sum}`,
      );
    }
  }
  return { data, n, k };
}

/**
 * Reads and validates N integer labels in [0, k). Throws a TricksError for a length that is
 * not `n`, a non-integer or an out-of-range label.
 */
export async function readLabels(
  fn: string,
  arg: string,
  labels: LabelsInput,
  n: number,
  k: number,
): Promise<Int32Array> {
  let values: ArrayLike<number>;
  if (labels instanceof tf.Tensor) {
    if (labels.isDisposed) throw new TricksError(fn, arg, 'a live tf.Tensor', 'a disposed tensor');
    if (labels.rank !== 1)
      throw new TricksError(fn, arg, 'integer labels of shape [N]', describeValue(labels));
    values = await labels.data();
  } else if (
    labels &&
    typeof labels === 'object' &&
    typeof (labels as ArrayLike<number>).length === 'number'
  ) {
    values = labels;
  } else {
    throw new TricksError(
      fn,
      arg,
      'N integer labels (Tensor1D, typed array or array)',
      describeValue(labels),
    );
  }
  assertSameBatch(fn, 'probs', n, arg, values.length);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new TricksError(fn, `${arg}[${i}]`, `an integer class index in [0, ${k})`, describeValue(v));
    }
    out[i] = v;
  }
  return out;
}

/** Checks `classNames` (when given) has one name per class. */
export function checkClassNames(fn: string, classNames: readonly string[] | undefined, k: number): string[] {
  if (classNames === undefined) return Array.from({ length: k }, (_, i) => String(i));
  if (!Array.isArray(classNames) || classNames.length !== k) {
    throw new TricksError(
      fn,
      'options.classNames',
      `${k} class names (one per column of probs)`,
      describeValue(classNames),
    );
  }
  return [...classNames];
}

/** Index of the largest entry of row `i` (the first one on ties, like numpy's argmax). */
export function argmaxRow(data: Float32Array, i: number, k: number): number {
  let best = 0;
  let bestP = data[i * k]!;
  for (let j = 1; j < k; j++) {
    const p = data[i * k + j]!;
    if (p > bestP) {
      bestP = p;
      best = j;
    }
  }
  return best;
}

/** Largest probability of row `i` over the classes other than `skip`. */
export function maxOtherRow(data: Float32Array, i: number, k: number, skip: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) if (j !== skip && data[i * k + j]! > best) best = data[i * k + j]!;
  return best;
}
