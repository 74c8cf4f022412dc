import * as tf from '@tensorflow/tfjs-core';
import { assertProbability, describeValue, type Images, type Rng, TricksError } from '@tftricks/core';

/** Options shared by every random augmentation that can be skipped per sample. */
export interface GateOptions {
  /** Probability that each image is augmented, in [0, 1]. */
  p?: number;
  /** Draw once and use the same decision and parameters for the whole batch; default false. */
  sameOnBatch?: boolean;
}

/**
 * Parameters of a gated per-sample augmentation: whether each image was augmented, and the
 * values it was (or would have been) augmented with. Plain JSON.
 */
export interface GatedParams<V> {
  applied: boolean[];
  values: V[];
}

/** Validates `p` and `sameOnBatch`. */
export function checkGate(
  fn: string,
  options: GateOptions,
  defaultP: number,
): { p: number; sameOnBatch: boolean } {
  const p = options.p ?? defaultP;
  assertProbability(fn, 'options.p', p);
  const sameOnBatch = options.sameOnBatch ?? false;
  if (typeof sameOnBatch !== 'boolean')
    throw new TricksError(fn, 'options.sameOnBatch', 'a boolean', describeValue(sameOnBatch));
  return { p, sameOnBatch };
}

/** Per-sample Bernoulli(p) decisions (one shared draw with `sameOnBatch`). p = 1 and p = 0 draw nothing. */
export function sampleApplied(rng: Rng, n: number, p: number, sameOnBatch: boolean): boolean[] {
  const draw = () => (p >= 1 ? true : p <= 0 ? false : rng.bernoulli(p));
  if (sameOnBatch) return new Array<boolean>(n).fill(draw());
  return Array.from({ length: n }, draw);
}

/**
 * `applied[i] ? transformed[i] : original[i]` — a where-select, not a branch, so the batch
 * stays one tensor. Returns a new tensor.
 */
export function selectApplied(applied: readonly boolean[], transformed: Images, original: Images): Images {
  if (applied.every(Boolean)) return tf.clone(transformed);
  if (!applied.some(Boolean)) return tf.clone(original);
  // A [N, 1, 1, 1] mask: tf.where broadcasts the condition from the right.
  return tf.tidy(
    () =>
      tf.where(
        tf.tensor4d(applied.map(Number), [applied.length, 1, 1, 1], 'bool'),
        transformed,
        original,
      ) as Images,
  );
}
