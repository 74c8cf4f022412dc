import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';
import { assertRgbImages } from './color-input';

/**
 * Appends a constant alpha channel to RGB images (RGB → RGBA).
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @param alpha opacity in [0, 1], one for all images or one per image (default 1, opaque)
 * @returns `[N, H, W, 4]` float32 in [0, 1]
 */
export function addAlpha(images: Images, alpha: PerSample = 1): Images {
  assertRgbImages('addAlpha', images);
  const [n, h, w] = images.shape;
  const values = perSampleValues('addAlpha', 'alpha', alpha, n, 0, 1);
  return tf.tidy(() => {
    const a = tf.mul(perSampleTensor(values), tf.ones([n, h, w, 1]));
    return tf.concat([images, a], 3) as Images;
  });
}
