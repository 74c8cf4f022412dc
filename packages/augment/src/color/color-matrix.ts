import * as tf from '@tensorflow/tfjs-core';

/** A row-major 3×3 matrix. */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

/**
 * `out_i = Σ_j m[i][j] · x_j + offset_i` on the channel axis of `[N, H, W, 3]`, as one
 * matmul. Call inside `tf.tidy`.
 */
export function applyMatrix3(
  x: tf.Tensor4D,
  m: Matrix3,
  offset?: readonly [number, number, number],
): tf.Tensor4D {
  const flat = tf.reshape(x, [-1, 3]);
  let y: tf.Tensor = tf.matMul(flat, tf.tensor2d(m as unknown as number[], [3, 3]), false, true);
  if (offset) y = tf.add(y, tf.tensor1d(offset as unknown as number[]));
  return tf.reshape(y, x.shape);
}

/**
 * The exact inverse of a 3×3 matrix (adjugate / determinant). Inverse conversions use it
 * instead of OpenCV's rounded inverse constants, so that a round trip is exact to float
 * precision; the two differ by < 1e-3 of a channel's range.
 */
export function invert3(m: Matrix3): Matrix3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/** `m · v` for a 3-vector. */
export function mulMatrix3(m: Matrix3, v: readonly [number, number, number]): [number, number, number] {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ];
}
