import * as tf from '@tensorflow/tfjs-core';

/**
 * Applies `op` to the color channels and passes an alpha channel (C = 4) through untouched,
 * so RGBA images get the same photometric change as RGB ones. Call inside `tf.tidy`.
 */
export function keepAlpha(images: tf.Tensor4D, op: (color: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  if (images.shape[3] !== 4) return op(images);
  const [n, h, w] = images.shape;
  const rgb = tf.slice(images, [0, 0, 0, 0], [n, h, w, 3]);
  const alpha = tf.slice(images, [0, 0, 0, 3], [n, h, w, 1]);
  return tf.concat([op(rgb), alpha], 3);
}
