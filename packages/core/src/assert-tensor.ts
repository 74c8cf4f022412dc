import * as tf from '@tensorflow/tfjs-core';
import { type DataType, Tensor } from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from './tricks-error';

/** Throws unless `x` is a tf.Tensor. */
export function assertTensor(fn: string, arg: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TricksError(fn, arg, 'a tf.Tensor', describeValue(x));
  if (x.isDisposed) throw new TricksError(fn, arg, 'a live tf.Tensor', 'a disposed tensor');
}

/** Throws unless `x` has rank `rank` (or one of `rank` when an array is given). */
export function assertRank(fn: string, arg: string, x: Tensor, rank: number | readonly number[]): void {
  const ok = typeof rank === 'number' ? x.rank === rank : rank.includes(x.rank);
  if (!ok) {
    const want = typeof rank === 'number' ? `rank ${rank}` : `rank ${rank.join(' or ')}`;
    throw new TricksError(fn, arg, `a tensor of ${want}`, `rank ${x.rank} (shape [${x.shape.join(', ')}])`);
  }
}

/** Throws unless `x.dtype` is `dtype` (or one of them). */
export function assertDtype(fn: string, arg: string, x: Tensor, dtype: DataType | readonly DataType[]): void {
  const ok = typeof dtype === 'string' ? x.dtype === dtype : dtype.includes(x.dtype);
  if (!ok) {
    const want = typeof dtype === 'string' ? dtype : dtype.join(' or ');
    throw new TricksError(fn, arg, `dtype ${want}`, `dtype ${x.dtype}`);
  }
}

/**
 * Throws when `x` holds NaN or ±Infinity. Reads one boolean back from the backend.
 * Used on losses and gradients, where a silent NaN would poison training.
 */
export function assertFiniteTensor(fn: string, arg: string, x: Tensor): void {
  const anyBad = tf.tidy(() => tf.any(tf.logicalOr(tf.isNaN(x), tf.isInf(x))));
  const flag = anyBad.dataSync()[0];
  anyBad.dispose();
  if (flag) throw new TricksError(fn, arg, 'finite values', 'NaN or Infinity');
}

/**
 * Throws unless every value of `x` is in [lo, hi] (NaN fails too). Reads one number back
 * from the backend, so it is a sync point; callers that validate on a hot path can opt out.
 */
export function assertValueRange(fn: string, arg: string, x: Tensor, lo: number, hi: number): void {
  if (x.size === 0) return;
  // A float32 tolerance: [0,1] images that went through resampling can land at 1 + 1 ulp.
  const tol = 1e-6 * Math.max(1, Math.abs(lo), Math.abs(hi));
  // One reduction on the common path: a value outside the band differs from its clipped self,
  // and a NaN makes the sum NaN. Min, max and the NaN test run only to word the error.
  const excess = tf.tidy(() => tf.sum(tf.abs(tf.sub(x, tf.clipByValue(x, lo - tol, hi + tol)))));
  const total = excess.dataSync()[0];
  excess.dispose();
  if (total === 0) return;
  const hasNaN = tf.tidy(() => tf.any(tf.isNaN(x)).dataSync()[0] === 1);
  if (hasNaN) throw new TricksError(fn, arg, `values in [${lo}, ${hi}]`, 'NaN values');
  const [mn, mx] = tf.tidy(() => [tf.min(x), tf.max(x)]);
  const [min, max] = [mn!.dataSync()[0]!, mx!.dataSync()[0]!];
  tf.dispose([mn!, mx!]);
  if (min < lo - tol || max > hi + tol) {
    throw new TricksError(fn, arg, `values in [${lo}, ${hi}]`, `values in [${min}, ${max}]`);
  }
}
