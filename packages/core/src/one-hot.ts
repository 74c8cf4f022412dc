import * as tf from '@tensorflow/tfjs-core';
import { assertInteger } from './assert-args';
import type { Targets } from './tensor-types';
import { describeValue, TricksError } from './tricks-error';

/**
 * One-hot targets from integer labels.
 *
 * @param labels N labels in [0, k): an array, a typed array or an int32 `Tensor1D`.
 * @param k number of classes, ≥ 1.
 * @returns `Targets` [N, k] float32, one 1 per row.
 */
export function oneHot(labels: ArrayLike<number> | tf.Tensor1D, k: number): Targets {
  assertInteger('oneHot', 'k', k, 1);
  if (labels instanceof tf.Tensor) {
    if (labels.rank !== 1) throw new TricksError('oneHot', 'labels', 'a Tensor1D', describeValue(labels));
    if (labels.dtype !== 'int32')
      throw new TricksError('oneHot', 'labels', 'dtype int32', `dtype ${labels.dtype}`);
    const values = labels.dataSync();
    checkLabels(values, k);
    return tf.tidy(() => tf.cast(tf.oneHot(labels, k), 'float32') as Targets);
  }
  checkLabels(labels, k);
  const data = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) data[i * k + labels[i]!] = 1;
  return tf.tensor2d(data, [labels.length, k], 'float32');
}

function checkLabels(labels: ArrayLike<number>, k: number): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new TricksError(
        'oneHot',
        `labels[${i}]`,
        `an integer class index in [0, ${k})`,
        describeValue(v),
      );
    }
  }
}
