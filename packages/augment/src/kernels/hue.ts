import * as tf from '@tensorflow/tfjs-core';

/**
 * The hue of RGB channels in degrees [0, 360), shared by HSV and HLS (OpenCV's formula).
 * Gray pixels (max = min) get hue 0. Call inside `tf.tidy`.
 */
export function hueDegrees(
  r: tf.Tensor,
  g: tf.Tensor,
  b: tf.Tensor,
  max: tf.Tensor,
  min: tf.Tensor,
): tf.Tensor {
  const diff = tf.sub(max, min);
  // A safe divisor: for gray pixels every numerator below is 0, so the hue comes out 0.
  const scale = tf.div(60, tf.where(tf.greater(diff, 0), diff, tf.onesLike(diff)));
  const hr = tf.mul(tf.sub(g, b), scale);
  const hg = tf.add(tf.mul(tf.sub(b, r), scale), 120);
  const hb = tf.add(tf.mul(tf.sub(r, g), scale), 240);
  let h = tf.where(tf.equal(max, r), hr, tf.where(tf.equal(max, g), hg, hb));
  h = tf.where(tf.less(h, 0), tf.add(h, 360), h);
  // A tiny negative hue plus 360 rounds to 360 in float32; keep the range half-open.
  return tf.where(tf.greaterEqual(h, 360), tf.zerosLike(h), h);
}

/** `x mod m` for float tensors, result in [0, m). */
export function floatMod(x: tf.Tensor, m: number): tf.Tensor {
  return tf.sub(x, tf.mul(m, tf.floor(tf.div(x, m))));
}

/** Splits `[N, H, W, 3]` into its three `[N, H, W, 1]` channels. */
export function channels3(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const [a, b, c] = tf.split(x, 3, 3);
  return [a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D];
}
