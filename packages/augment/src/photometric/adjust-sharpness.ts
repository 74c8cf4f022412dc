import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';
import { blend } from './blend';

// torchvision's smoothing kernel ([[1, 1, 1], [1, 5, 1], [1, 1, 1]] / 13, as PIL's SMOOTH).
const SMOOTH = [1, 1, 1, 1, 5, 1, 1, 1, 1].map((v) => v / 13);

/**
 * Sharpness, torchvision's `adjust_sharpness`: blends each image with a smoothed copy
 * (3×3 kernel on interior pixels, the one-pixel border left as is),
 * `clamp(f · img + (1 − f) · smooth, 0, 1)`. Images with H or W ≤ 2 are returned as is.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @param factor ≥ 0, one for all images or one per image; 0 blurs, 1 is the identity, 2 sharpens
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function adjustSharpness(images: Images, factor: PerSample): Images {
  assertImages('adjustSharpness', 'images', images);
  const [n, h, w] = images.shape;
  const f = perSampleValues('adjustSharpness', 'factor', factor, n, 0, Number.POSITIVE_INFINITY);
  if (h <= 2 || w <= 2) return tf.clone(images);
  return tf.tidy(() =>
    keepAlpha(images, (x) => {
      const c = x.shape[3];
      const kernel = new Float32Array(9 * c);
      for (let k = 0; k < 9; k++) kernel.fill(SMOOTH[k]!, k * c, (k + 1) * c);
      const smooth = tf.depthwiseConv2d(x, tf.tensor4d(kernel, [3, 3, c, 1]), 1, 'valid');
      const padded = tf.pad(smooth, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]);
      // Interior mask [1, H, W, 1]: the border keeps the original pixels.
      const rows = tf.logicalAnd(tf.greater(tf.range(0, h), 0), tf.less(tf.range(0, h), h - 1));
      const cols = tf.logicalAnd(tf.greater(tf.range(0, w), 0), tf.less(tf.range(0, w), w - 1));
      const interior = tf.logicalAnd(tf.reshape(rows, [1, h, 1, 1]), tf.reshape(cols, [1, 1, w, 1]));
      const degenerate = tf.where(tf.broadcastTo(interior, x.shape), padded, x);
      return blend(x, degenerate, perSampleTensor(f));
    }),
  );
}
