import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { channels3, floatMod } from '../kernels/hue';
import { assertColorSpaceTensor } from './color-input';

/**
 * HLS → RGB with OpenCV's `COLOR_HLS2RGB` conventions for float images.
 *
 * @param hls `[N, H, W, 3]` float32: H in degrees (taken mod 360), L and S in [0, 1].
 *   Only rank, dtype and channel count are checked.
 * @returns `[N, H, W, 3]` float32 RGB, in [0, 1] when L and S are
 */
export function hlsToRgb(hls: tf.Tensor4D): Images {
  assertColorSpaceTensor('hlsToRgb', 'hls', hls);
  return tf.tidy(() => {
    const [h, l, s] = channels3(hls);
    const a = tf.mul(s, tf.minimum(l, tf.sub(1, l)));
    const sector = tf.div(h, 30);
    // Branch-free form of OpenCV's p1/p2 sector table: f(n) = L − a·clamp(min(k − 3, 9 − k), −1, 1),
    // k = (n + H/30) mod 12, with n = 0, 8, 4 for R, G, B.
    const channel = (n: number): tf.Tensor => {
      const k = floatMod(tf.add(sector, n), 12);
      const w = tf.clipByValue(tf.minimum(tf.sub(k, 3), tf.sub(9, k)), -1, 1);
      return tf.sub(l, tf.mul(a, w));
    };
    return tf.concat([channel(0), channel(8), channel(4)], 3) as tf.Tensor4D;
  });
}
