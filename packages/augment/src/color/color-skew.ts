import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { hsvFromRgb, rgbFromHsv } from '../kernels/hsv';
import { floatMod } from '../kernels/hue';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';

/** Options of {@link colorSkew}: multiplicative HSV factors, one for all images or one per image. */
export interface ColorSkewOptions {
  /** Hue factor ≥ 0 (default 1): H (degrees) is multiplied, then wrapped mod 360. */
  hue?: PerSample;
  /** Saturation factor ≥ 0 (default 1): S is multiplied, then clipped to [0, 1]. */
  saturation?: PerSample;
  /** Value (brightness) factor ≥ 0 (default 1): V is multiplied, then clipped to [0, 1]. */
  value?: PerSample;
}

/**
 * Color skew, the article's "Color Skew": converts to HSV, multiplies each of H, S and V by
 * its own factor, brings the result back into HSV's range (H wraps mod 360, S and V are
 * clipped to [0, 1]: that is the op, not input repair) and converts back to RGB.
 *
 * The article meant factors drawn from [0.6, 1.4] (its code's [0, 6] / [1, 4] are typos);
 * `randomColorSkew` draws them, this deterministic op takes any factor ≥ 0. Factors (1, 1, 1)
 * return the input (up to float rounding of the HSV round trip).
 *
 * @param images `[N, H, W, 3]` (or 4, alpha kept) float32 RGB in [0, 1]
 * @returns `[N, H, W, C]` float32 RGB in [0, 1]
 */
export function colorSkew(images: Images, options: ColorSkewOptions = {}): Images {
  const fn = 'colorSkew';
  assertImages(fn, 'images', images, { channels: [3, 4] });
  const n = images.shape[0];
  const inf = Number.POSITIVE_INFINITY;
  const hue = perSampleValues(fn, 'options.hue', options.hue ?? 1, n, 0, inf);
  const sat = perSampleValues(fn, 'options.saturation', options.saturation ?? 1, n, 0, inf);
  const val = perSampleValues(fn, 'options.value', options.value ?? 1, n, 0, inf);
  return tf.tidy(() =>
    keepAlpha(images, (rgb) => {
      const [h, s, v] = tf.split(hsvFromRgb(rgb), 3, 3);
      const h2 = floatMod(tf.mul(h!, perSampleTensor(hue)), 360);
      const s2 = tf.clipByValue(tf.mul(s!, perSampleTensor(sat)), 0, 1);
      const v2 = tf.clipByValue(tf.mul(v!, perSampleTensor(val)), 0, 1);
      return rgbFromHsv(tf.concat([h2, s2, v2], 3) as tf.Tensor4D);
    }),
  );
}
