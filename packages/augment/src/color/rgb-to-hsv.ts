import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { channels3, hueDegrees } from './hue';

/** RGB → HSV without validation (H in degrees). Call inside `tf.tidy`. */
export function hsvFromRgb(rgb: tf.Tensor4D): tf.Tensor4D {
  const [r, g, b] = channels3(rgb);
  const max = tf.maximum(tf.maximum(r, g), b);
  const min = tf.minimum(tf.minimum(r, g), b);
  const h = hueDegrees(r, g, b, max, min);
  const s = tf.div(tf.sub(max, min), tf.where(tf.greater(max, 0), max, tf.onesLike(max)));
  return tf.concat([h, s, max], 3) as tf.Tensor4D;
}

/**
 * RGB → HSV with OpenCV's `COLOR_RGB2HSV` conventions for float images.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32: H in degrees [0, 360) (0 for gray pixels), S and V in [0, 1]
 */
export function rgbToHsv(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToHsv', images);
  return tf.tidy(() => hsvFromRgb(images));
}
