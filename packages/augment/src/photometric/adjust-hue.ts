import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { hsvFromRgb, rgbFromHsv } from '../kernels/hsv';
import { floatMod } from '../kernels/hue';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleTensor, perSampleValues } from '../kernels/per-sample';

/**
 * Hue shift, torchvision's `adjust_hue`: to HSV, `H ← (H + hueFactor) mod 1` (H in turns),
 * back to RGB. Gray pixels are unchanged.
 *
 * @param images `[N, H, W, 3]` or `[N, H, W, 4]` (alpha kept) float32 in [0, 1]
 * @param hueFactor in [−0.5, 0.5] turns, one for all images or one per image; 0 is the
 *   identity, ±0.5 gives the complementary hue
 * @returns a new float32 tensor of the same shape, in [0, 1]
 */
export function adjustHue(images: Images, hueFactor: PerSample): Images {
  assertImages('adjustHue', 'images', images, { channels: [3, 4] });
  const f = perSampleValues('adjustHue', 'hueFactor', hueFactor, images.shape[0], -0.5, 0.5);
  return tf.tidy(() =>
    keepAlpha(images, (x) => {
      const [h, s, v] = tf.split(hsvFromRgb(x), 3, 3);
      const shifted = floatMod(tf.add(h!, tf.mul(perSampleTensor(f), 360)), 360);
      return rgbFromHsv(tf.concat([shifted, s!, v!], 3) as tf.Tensor4D);
    }),
  );
}
