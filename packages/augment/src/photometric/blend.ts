import * as tf from '@tensorflow/tfjs-core';

/**
 * torchvision's `_blend` on float images: `clamp(ratio · a + (1 − ratio) · b, 0, 1)`.
 * `ratio` is `[N, 1, 1, 1]` (one factor per image); `b` broadcasts against `a`.
 * Call inside `tf.tidy`.
 */
export function blend(a: tf.Tensor4D, b: tf.Tensor, ratio: tf.Tensor4D): tf.Tensor4D {
  const mixed = tf.add(tf.mul(ratio, a), tf.mul(tf.sub(1, ratio), b));
  return tf.clipByValue(mixed, 0, 1) as tf.Tensor4D;
}
