import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertColorSpaceTensor } from './color-input';
import { applyMatrix3, invert3 } from './color-matrix';
import { LAB_KAPPA, LAB_SLOPE, LAB_T0 } from './rgb-to-lab';
import { D65_WHITE, linearToSrgb, SRGB_TO_XYZ } from './srgb-gamma';

const XYZ_TO_SRGB = invert3(SRGB_TO_XYZ);
// The inverse of f(t) switches where the forward one does: f(T0) and κ·T0.
const F_THRESHOLD = LAB_SLOPE * LAB_T0 + 16 / 116;
const L_THRESHOLD = LAB_T0 * LAB_KAPPA;

/** f⁻¹: cube above the threshold, linear below. */
function labFInverse(f: tf.Tensor): tf.Tensor {
  return tf.where(tf.greater(f, F_THRESHOLD), tf.pow(f, 3), tf.div(tf.sub(f, 16 / 116), LAB_SLOPE));
}

/**
 * CIE L*a*b* (D65) → RGB, the inverse of {@link rgbToLab} (OpenCV's `COLOR_Lab2RGB` for float
 * images). As OpenCV does, linear RGB is clipped to [0, 1] before the sRGB gamma, so colors
 * outside the sRGB gamut map to the gamut's edge.
 *
 * @param lab `[N, H, W, 3]` float32 (L ∈ [0, 100], a, b). Only rank, dtype and channels are checked.
 * @returns `[N, H, W, 3]` float32 RGB in [0, 1]
 */
export function labToRgb(lab: tf.Tensor4D): Images {
  assertColorSpaceTensor('labToRgb', 'lab', lab);
  return tf.tidy(() => {
    const [l, a, b] = tf.split(lab, 3, 3);
    const low = tf.lessEqual(l!, L_THRESHOLD);
    const yLinear = tf.div(l!, LAB_KAPPA);
    const fyHigh = tf.div(tf.add(l!, 16), 116);
    const y = tf.where(low, yLinear, tf.pow(fyHigh, 3));
    const fy = tf.where(low, tf.add(tf.mul(yLinear, LAB_SLOPE), 16 / 116), fyHigh);
    const x = tf.mul(labFInverse(tf.add(tf.div(a!, 500), fy)), D65_WHITE[0]);
    const z = tf.mul(labFInverse(tf.sub(fy, tf.div(b!, 200))), D65_WHITE[2]);
    const linear = applyMatrix3(tf.concat([x, y, z], 3) as tf.Tensor4D, XYZ_TO_SRGB);
    return linearToSrgb(tf.clipByValue(linear, 0, 1)) as tf.Tensor4D;
  });
}
