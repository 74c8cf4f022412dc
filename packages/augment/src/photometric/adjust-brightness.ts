import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';

/**
 * Brightness, torchvision's `adjust_brightness`: `clamp(factor · img, 0, 1)`.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @param factor ≥ 0, one for all images or one per image; 0 gives black, 1 the input
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function adjustBrightness(images: Images, factor: PerSample): Images {
  assertImages('adjustBrightness', 'images', images);
  const f = perSampleValues(
    'adjustBrightness',
    'factor',
    factor,
    images.shape[0],
    0,
    Number.POSITIVE_INFINITY,
  );
  return tf.tidy(() =>
    keepAlpha(images, (x) => tf.clipByValue(tf.mul(x, perSampleTensor(f)), 0, 1) as tf.Tensor4D),
  );
}
