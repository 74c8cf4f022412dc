import * as tf from '@tensorflow/tfjs-core';

/** sRGB companding → linear light (IEC 61966-2-1), as OpenCV's `*2Lab`/`*2Luv`. */
export function srgbToLinear(x: tf.Tensor): tf.Tensor {
  const curve = tf.pow(tf.div(tf.add(x, 0.055), 1.055), 2.4);
  return tf.where(tf.lessEqual(x, 0.04045), tf.div(x, 12.92), curve);
}

/** Linear light → sRGB companding. `pow` only ever sees positive bases (0^y is undefined in GLSL). */
export function linearToSrgb(x: tf.Tensor): tf.Tensor {
  const curve = tf.sub(tf.mul(1.055, tf.pow(tf.maximum(x, 0.0031308), 1 / 2.4)), 0.055);
  return tf.where(tf.lessEqual(x, 0.0031308), tf.mul(x, 12.92), curve);
}

/** sRGB (D65) → CIE XYZ, OpenCV's `sRGB2XYZ_D65`. */
export const SRGB_TO_XYZ = [
  0.412453, 0.35758, 0.180423, 0.212671, 0.71516, 0.072169, 0.019334, 0.119193, 0.950227,
] as const;

/** The D65 white point OpenCV uses for Lab and Luv. */
export const D65_WHITE = [0.950456, 1, 1.088754] as const;
