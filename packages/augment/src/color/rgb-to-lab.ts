import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { applyMatrix3 } from './color-matrix';
import { D65_WHITE, SRGB_TO_XYZ, srgbToLinear } from './srgb-gamma';

/** CIE's linear-segment threshold (6/29)³ and slope, with OpenCV's rounded constants. */
export const LAB_T0 = 0.008856;
export const LAB_SLOPE = 7.787;
export const LAB_KAPPA = 903.3;

/** CIE f(t): cube root above the threshold, linear below. `pow` never sees 0 (undefined in GLSL). */
export function labF(t: tf.Tensor): tf.Tensor {
  const cbrt = tf.pow(tf.maximum(t, LAB_T0), 1 / 3);
  return tf.where(tf.greater(t, LAB_T0), cbrt, tf.add(tf.mul(t, LAB_SLOPE), 16 / 116));
}

/**
 * RGB → CIE L*a*b* (D65) with OpenCV's `COLOR_RGB2Lab` for float images: sRGB gamma
 * removed, XYZ normalized by the D65 white point.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32: L ∈ [0, 100], a and b ≈ [−127, 127]
 */
export function rgbToLab(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToLab', images);
  return tf.tidy(() => {
    const m = SRGB_TO_XYZ.map((v, i) => v / D65_WHITE[Math.floor(i / 3)]!) as unknown as typeof SRGB_TO_XYZ;
    const xyz = applyMatrix3(srgbToLinear(images) as tf.Tensor4D, m);
    const [x, y, z] = tf.split(xyz, 3, 3);
    const [fx, fy, fz] = [labF(x!), labF(y!), labF(z!)];
    const l = tf.where(tf.greater(y!, LAB_T0), tf.sub(tf.mul(fy, 116), 16), tf.mul(y!, LAB_KAPPA));
    const a = tf.mul(tf.sub(fx, fy), 500);
    const b = tf.mul(tf.sub(fy, fz), 200);
    return tf.concat([l, a, b], 3) as tf.Tensor4D;
  });
}
