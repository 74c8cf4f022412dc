import * as tf from '@tensorflow/tfjs-core';
import {
  assertDtype,
  assertFiniteTensor,
  assertNumberInRange,
  assertRank,
  assertTensor,
} from '@tftricks/core';

/**
 * `softmax(logits / T)`: the "softened" class distribution of Hinton et al. (2015). T > 1
 * spreads probability onto the non-argmax classes ("dark knowledge"); T = 1 is the softmax.
 *
 * @param logits float32 [N, K].
 * @param temperature T > 0.
 * @returns probabilities [N, K], rows summing to 1.
 */
export function softmaxWithTemperature(
  logits: tf.Tensor2D,
  temperature: number,
  checkFinite = true,
): tf.Tensor2D {
  const fn = 'softmaxWithTemperature';
  assertTensor(fn, 'logits', logits);
  assertRank(fn, 'logits', logits, 2);
  assertDtype(fn, 'logits', logits, 'float32');
  assertNumberInRange(fn, 'temperature', temperature, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  if (checkFinite) assertFiniteTensor(fn, 'logits', logits);
  return tf.tidy(() => tf.softmax(tf.div(logits, tf.scalar(temperature))) as tf.Tensor2D);
}
