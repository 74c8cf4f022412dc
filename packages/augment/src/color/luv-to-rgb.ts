import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertColorSpaceTensor } from './color-input';
import { applyMatrix3, invert3 } from './color-matrix';
import { LAB_KAPPA } from './rgb-to-lab';
import { LUV_UN, LUV_VN } from './rgb-to-luv';
import { linearToSrgb, SRGB_TO_XYZ } from './srgb-gamma';

const XYZ_TO_SRGB = invert3(SRGB_TO_XYZ);

/**
 * CIE L*u*v* (D65) → RGB, the inverse of {@link rgbToLuv}, following OpenCV's
 * `COLOR_Luv2RGB` for float images: the factor 0.25 / (13L·v′) is clamped to ±0.25 as in OpenCV,
 * and linear RGB is clipped to [0, 1] before the sRGB gamma (out-of-gamut colors map to the
 * gamut's edge).
 *
 * @param luv `[N, H, W, 3]` float32 (L ∈ [0, 100], u, v). Only rank, dtype and channels are checked.
 * @returns `[N, H, W, 3]` float32 RGB in [0, 1]
 */
export function luvToRgb(luv: tf.Tensor4D): Images {
  assertColorSpaceTensor('luvToRgb', 'luv', luv);
  return tf.tidy(() => {
    const [l, u, v] = tf.split(luv, 3, 3);
    const yHigh = tf.pow(tf.div(tf.add(l!, 16), 116), 3);
    const y = tf.where(tf.greaterEqual(l!, 8), yHigh, tf.div(l!, LAB_KAPPA));
    const up = tf.mul(tf.add(u!, tf.mul(l!, LUV_UN)), 3);
    // 13L·v′ = v + L·13v′n; OpenCV clamps 0.25/(13L·v′) to ±0.25, which also tames L = 0.
    const vDen = tf.add(v!, tf.mul(l!, LUV_VN));
    const safeDen = tf.where(tf.equal(vDen, 0), tf.fill(vDen.shape, 1e-30), vDen);
    const vp = tf.clipByValue(tf.div(0.25, safeDen), -0.25, 0.25);
    const x = tf.mul(tf.mul(tf.mul(y, 3), up), vp);
    const z = tf.mul(y, tf.sub(tf.mul(tf.sub(tf.mul(l!, 156), up), vp), 5));
    const linear = applyMatrix3(tf.concat([x, y, z], 3) as tf.Tensor4D, XYZ_TO_SRGB);
    return linearToSrgb(tf.clipByValue(linear, 0, 1)) as tf.Tensor4D;
  });
}
