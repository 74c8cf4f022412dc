import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { channels3, hueDegrees } from '../kernels/hue';
import { assertRgbImages } from './color-input';

// OpenCV treats a pixel as gray when max − min ≤ FLT_EPSILON (then H = S = 0).
const FLT_EPSILON = 1.1920929e-7;

/**
 * RGB → HLS with OpenCV's `COLOR_RGB2HLS` conventions for float images.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32: H in degrees [0, 360), L and S in [0, 1]
 */
export function rgbToHls(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToHls', images);
  return tf.tidy(() => {
    const [r, g, b] = channels3(images);
    const max = tf.maximum(tf.maximum(r, g), b);
    const min = tf.minimum(tf.minimum(r, g), b);
    const diff = tf.sub(max, min);
    const sum = tf.add(max, min);
    const l = tf.div(sum, 2);
    const chromatic = tf.greater(diff, FLT_EPSILON);
    const denom = tf.where(tf.less(l, 0.5), sum, tf.sub(2, sum));
    const s = tf.where(
      chromatic,
      tf.div(diff, tf.where(chromatic, denom, tf.onesLike(denom))),
      tf.zerosLike(diff),
    );
    const h = tf.where(chromatic, hueDegrees(r, g, b, max, min), tf.zerosLike(diff));
    return tf.concat([h, l, s], 3) as tf.Tensor4D;
  });
}
