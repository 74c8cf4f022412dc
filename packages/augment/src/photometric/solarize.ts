import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';

/**
 * Solarize, torchvision's `solarize`: inverts the values at or above `threshold`,
 * `img ≥ t ? 1 − img : img`. As in torchvision, threshold 1 still inverts exact 1.0 values
 * (white becomes black); every value below 1 is kept.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @param threshold in [0, 1], one for all images or one per image; 0 inverts everything
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function solarize(images: Images, threshold: PerSample): Images {
  assertImages('solarize', 'images', images);
  const t = perSampleValues('solarize', 'threshold', threshold, images.shape[0], 0, 1);
  return tf.tidy(() =>
    keepAlpha(images, (x) => {
      const above = tf.greaterEqual(x, tf.broadcastTo(perSampleTensor(t), x.shape));
      return tf.where(above, tf.sub(1, x), x) as tf.Tensor4D;
    }),
  );
}
