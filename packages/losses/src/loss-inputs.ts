import * as tf from '@tensorflow/tfjs-core';
import {
  assertDtype,
  assertFiniteTensor,
  assertOneOf,
  assertRank,
  assertTensor,
  describeValue,
  TricksError,
} from '@tftricks/core';
import type { LossTargets, Reduction } from './loss';

/**
 * `assertFiniteTensor` inside a tidy: the core helper leaves its `isNaN` / `isInf`
 * intermediates alive, and a loss called every step must not leak.
 */
export function assertFinite(fn: string, arg: string, x: tf.Tensor): void {
  tf.tidy(() => assertFiniteTensor(fn, arg, x));
}

/** Throws unless `x` is a float32 `Tensor2D` [N, K] with N, K ≥ 1 (and finite when `checkFinite`). */
export function assertLogits(
  fn: string,
  arg: string,
  x: unknown,
  checkFinite: boolean,
): asserts x is tf.Tensor2D {
  assertTensor(fn, arg, x);
  assertRank(fn, arg, x, 2);
  assertDtype(fn, arg, x, 'float32');
  if (x.shape[0] === 0 || x.shape[1] === 0) {
    throw new TricksError(fn, arg, 'a non-empty [N, K] tensor', `shape [${x.shape.join(', ')}]`);
  }
  if (checkFinite) assertFinite(fn, arg, x);
}

/** How the targets were given: class indices, or probability rows. */
export type TargetKind = 'index' | 'probability';

/**
 * Validates loss targets against logits [n, k] and says which kind they are. Index targets
 * are range-checked (one backend read for a tensor, skipped when `checkFinite` is false);
 * probability rows are checked for NaN / Infinity.
 */
export function checkTargets(
  fn: string,
  arg: string,
  t: unknown,
  n: number,
  k: number,
  checkFinite: boolean,
): TargetKind {
  if (Array.isArray(t) || t instanceof Int32Array) {
    if (t.length !== n)
      throw new TricksError(fn, arg, `${n} class indices (one per row of 'logits')`, `${t.length}`);
    for (let i = 0; i < t.length; i++) {
      const v = t[i];
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new TricksError(fn, `${arg}[${i}]`, `an integer class index in [0, ${k})`, describeValue(v));
      }
    }
    return 'index';
  }
  if (!(t instanceof tf.Tensor)) {
    throw new TricksError(
      fn,
      arg,
      'class indices (int32 Tensor1D or number[]) or probability rows (float32 [N, K])',
      describeValue(t),
    );
  }
  assertTensor(fn, arg, t);
  if (t.rank === 1) {
    assertDtype(fn, arg, t, 'int32');
    if (t.shape[0] !== n)
      throw new TricksError(fn, arg, `${n} class indices (one per row of 'logits')`, `shape [${t.shape[0]}]`);
    if (checkFinite) {
      const [lo, hi] = tf.tidy(() => [tf.min(t), tf.max(t)]);
      const [min, max] = [lo!.dataSync()[0]!, hi!.dataSync()[0]!];
      tf.dispose([lo!, hi!]);
      if (min < 0 || max >= k) {
        throw new TricksError(fn, arg, `class indices in [0, ${k})`, `indices in [${min}, ${max}]`);
      }
    }
    return 'index';
  }
  assertRank(fn, arg, t, [1, 2]);
  assertDtype(fn, arg, t, 'float32');
  if (t.shape[0] !== n || t.shape[1] !== k) {
    throw new TricksError(
      fn,
      arg,
      `probability rows of shape [${n}, ${k}] (as 'logits')`,
      `shape [${t.shape.join(', ')}]`,
    );
  }
  if (checkFinite) assertFinite(fn, arg, t);
  return 'probability';
}

/** Probability rows [n, k] from checked targets (one-hot for indices). Call inside a tidy. */
export function targetRows(t: LossTargets, k: number): tf.Tensor2D {
  if (t instanceof tf.Tensor) {
    return (t.rank === 1 ? tf.cast(tf.oneHot(t as tf.Tensor1D, k), 'float32') : t) as tf.Tensor2D;
  }
  return tf.cast(tf.oneHot(tf.tensor1d(Array.from(t), 'int32'), k), 'float32') as tf.Tensor2D;
}

/** Class indices [n] as an int32 tensor from checked index targets. Call inside a tidy. */
export function targetIndices(t: LossTargets): tf.Tensor1D {
  return t instanceof tf.Tensor ? (t as tf.Tensor1D) : tf.tensor1d(Array.from(t), 'int32');
}

/**
 * Validates a per-class vector (class weights, pos_weight, alpha): K finite numbers ≥ 0, as
 * an array or a float32 `Tensor1D` [K]; a single number when `allowScalar`.
 */
export function checkPerClass(
  fn: string,
  arg: string,
  w: unknown,
  k: number,
  allowScalar: boolean,
): asserts w is number | readonly number[] | tf.Tensor1D {
  const what = `${allowScalar ? 'a number ≥ 0 or ' : ''}${k} per-class numbers ≥ 0 (array or float32 Tensor1D [${k}])`;
  if (typeof w === 'number') {
    if (!allowScalar || !Number.isFinite(w) || w < 0) throw new TricksError(fn, arg, what, describeValue(w));
    return;
  }
  if (Array.isArray(w)) {
    if (w.length !== k) throw new TricksError(fn, arg, what, `${w.length} numbers`);
    w.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new TricksError(fn, `${arg}[${i}]`, 'a finite number ≥ 0', describeValue(v));
    });
    return;
  }
  if (w instanceof tf.Tensor) {
    assertTensor(fn, arg, w);
    assertRank(fn, arg, w, 1);
    assertDtype(fn, arg, w, 'float32');
    if (w.shape[0] !== k) throw new TricksError(fn, arg, what, `shape [${w.shape.join(', ')}]`);
    assertFinite(fn, arg, w);
    return;
  }
  throw new TricksError(fn, arg, what, describeValue(w));
}

/** A per-class vector as a tensor broadcastable against [N, K]. Call inside a tidy. */
export function perClassTensor(w: number | readonly number[] | tf.Tensor1D): tf.Tensor {
  if (typeof w === 'number') return tf.scalar(w);
  return w instanceof tf.Tensor ? w : tf.tensor1d(w as number[], 'float32');
}

/** Validates a reduction name against the allowed ones. */
export function checkReduction<R extends string>(
  fn: string,
  r: unknown,
  allowed: readonly R[],
): asserts r is R {
  assertOneOf(fn, 'options.reduction', r, allowed);
}

/** Reduces a per-sample loss [N]: mean, sum or none. Call inside a tidy. */
export function reduce(perSample: tf.Tensor1D, reduction: Reduction): tf.Scalar | tf.Tensor1D {
  if (reduction === 'none') return perSample;
  return reduction === 'sum' ? tf.sum(perSample) : tf.mean(perSample);
}

/** Throws unless `checkFinite` is a boolean (or undefined, meaning true). */
export function checkFiniteFlag(fn: string, v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw new TricksError(fn, 'options.checkFinite', 'a boolean', describeValue(v));
  return v;
}

/** What {@link checkLossInputs} found: the logits' N and K, the target kind, the finite-check flag. */
export interface LossInputs {
  n: number;
  k: number;
  kind: TargetKind;
  checkFinite: boolean;
}

/**
 * The checks every `(logits [N, K], targets)` loss starts with: `options.checkFinite`, the
 * logits (float32, non-empty, finite unless opted out) and the targets against them.
 */
export function checkLossInputs(
  fn: string,
  logits: unknown,
  targets: unknown,
  checkFiniteOption: unknown,
): LossInputs {
  const checkFinite = checkFiniteFlag(fn, checkFiniteOption);
  assertLogits(fn, 'logits', logits, checkFinite);
  const [n, k] = logits.shape;
  const kind = checkTargets(fn, 'targets', targets, n, k, checkFinite);
  return { n, k, kind, checkFinite };
}
