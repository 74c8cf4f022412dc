import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { assertPositive } from '../kernels/per-sample';

/** Options of {@link rgbNorm}. */
export interface RgbNormOptions {
  /**
   * Smallest standard deviation divided by (default 1e-3, a quarter of an 8-bit level): a
   * flat channel maps to ~0 instead of NaN, and float rounding noise is not blown up to ±1.
   */
  eps?: number;
}

/**
 * Per-image, per-channel standardization: every channel of every image gets mean 0 and
 * (population) standard deviation 1, `(x − mean) / max(std, eps)`, the article's "RGB Norm".
 *
 * The output is NOT an `Images` batch: values are unbounded (typically within ±4). Feed it
 * to a model, not to ops that expect [0, 1].
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4}; every channel is standardized
 * @returns `[N, H, W, C]` float32
 */
export function rgbNorm(images: Images, options: RgbNormOptions = {}): tf.Tensor4D {
  assertImages('rgbNorm', 'images', images);
  const eps = options.eps ?? 1e-3;
  assertPositive('rgbNorm', 'options.eps', eps);
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(images, [1, 2], true);
    const std = tf.maximum(tf.sqrt(variance), eps);
    return tf.div(tf.sub(images, mean), std) as tf.Tensor4D;
  });
}
