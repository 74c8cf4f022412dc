import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleIntegers, perSampleTensor } from '../kernels/per-sample';
import { toUint8Levels } from './to-uint8-levels';

/**
 * Posterize, torchvision's `posterize` on the uint8 image: keep the top `bits` bits of each
 * 8-bit level (`level & ~(2^(8−bits) − 1)`), then back to [0, 1] as level / 255. The uint8
 * level is torchvision's `convert_image_dtype` (`floor(x · 255.999)`, k/255 → k). With 8 bits
 * nothing is dropped and the image is returned unchanged (also between 8-bit levels).
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @param bits integer in [1, 8], one for all images or one per image
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function posterize(images: Images, bits: PerSample): Images {
  assertImages('posterize', 'images', images);
  const b = perSampleIntegers('posterize', 'bits', bits, images.shape[0], 1, 8);
  return tf.tidy(() =>
    keepAlpha(images, (x) => {
      // 2^(8 − bits) is a power of two, so the float division and floor are exact.
      const step = perSampleTensor(b.map((v) => 2 ** (8 - v)));
      const kept = tf.mul(tf.floor(tf.div(toUint8Levels(x), step)), step);
      const keepAll = tf.broadcastTo(tf.equal(perSampleTensor(b), 8), x.shape);
      return tf.where(keepAll, x, tf.div(kept, 255)) as tf.Tensor4D;
    }),
  );
}
