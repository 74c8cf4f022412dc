import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';

/**
 * Autocontrast, torchvision's `autocontrast`: stretches each channel of each image so its
 * minimum maps to 0 and its maximum to 1, `(x − min) / (max − min)`. A flat channel
 * (max = min) is left unchanged.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function autocontrast(images: Images): Images {
  assertImages('autocontrast', 'images', images);
  return tf.tidy(() =>
    keepAlpha(images, (x) => {
      const min = tf.min(x, [1, 2], true);
      const range = tf.sub(tf.max(x, [1, 2], true), min);
      const flat = tf.lessEqual(range, 0);
      // torchvision: where max = min, minimum := 0 and scale := 1.
      const lo = tf.where(flat, tf.zerosLike(min), min);
      const scale = tf.where(flat, tf.onesLike(range), tf.div(1, tf.where(flat, tf.onesLike(range), range)));
      return tf.clipByValue(tf.mul(tf.sub(x, lo), scale), 0, 1) as tf.Tensor4D;
    }),
  );
}
