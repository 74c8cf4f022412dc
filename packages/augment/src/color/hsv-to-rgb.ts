import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertColorSpaceTensor } from './color-input';
import { channels3, floatMod } from './hue';

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

/**
 * HSV → RGB with OpenCV's `COLOR_HSV2RGB` conventions for float images.
 *
 * @param hsv `[N, H, W, 3]` float32: H in degrees (any value, taken mod 360), S and V in
 *   [0, 1]. Only rank, dtype and channel count are checked.
 * @returns `[N, H, W, 3]` float32 RGB, in [0, 1] when S and V are
 */
export function hsvToRgb(hsv: tf.Tensor4D): Images {
  assertColorSpaceTensor('hsvToRgb', 'hsv', hsv);
  return tf.tidy(() => rgbFromHsv(hsv));
}
