import * as tf from '@tensorflow/tfjs-core';
import { channels3, floatMod, hueDegrees } from './hue';

/** RGB → HSV without validation (H in degrees). Call inside `tf.tidy`. */
export function hsvFromRgb(rgb: tf.Tensor4D): tf.Tensor4D {
  const [r, g, b] = channels3(rgb);
  const max = tf.maximum(tf.maximum(r, g), b);
  const min = tf.minimum(tf.minimum(r, g), b);
  const h = hueDegrees(r, g, b, max, min);
  const s = tf.div(tf.sub(max, min), tf.where(tf.greater(max, 0), max, tf.onesLike(max)));
  return tf.concat([h, s, max], 3) as tf.Tensor4D;
}

/** HSV (H in degrees) → RGB without validation. Call inside `tf.tidy`. */
export function rgbFromHsv(hsv: tf.Tensor4D): tf.Tensor4D {
  const [h, s, v] = channels3(hsv);
  const sector = tf.div(h, 60);
  const vs = tf.mul(v, s);
  // Branch-free form of the six-sector formula: f(n) = V − V·S·clamp(min(k, 4 − k), 0, 1),
  // k = (n + H/60) mod 6, with n = 5, 3, 1 for R, G, B.
  const channel = (n: number): tf.Tensor => {
    const k = floatMod(tf.add(sector, n), 6);
    const w = tf.clipByValue(tf.minimum(k, tf.sub(4, k)), 0, 1);
    return tf.sub(v, tf.mul(vs, w));
  };
  return tf.concat([channel(5), channel(3), channel(1)], 3) as tf.Tensor4D;
}
