import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertRgbImages } from './color-input';
import { applyMatrix3 } from './color-matrix';
import { labF } from './rgb-to-lab';
import { D65_WHITE, SRGB_TO_XYZ, srgbToLinear } from './srgb-gamma';

const WHITE_DENOM = D65_WHITE[0] + 15 * D65_WHITE[1] + 3 * D65_WHITE[2];
/** 13·u′n and 13·v′n of the D65 white point. */
export const LUV_UN = (13 * 4 * D65_WHITE[0]) / WHITE_DENOM;
export const LUV_VN = (13 * 9 * D65_WHITE[1]) / WHITE_DENOM;
const FLT_EPSILON = 1.1920929e-7;

/**
 * RGB → CIE L*u*v* (D65) with OpenCV's `COLOR_RGB2Luv` for float images.
 *
 * @param images `[N, H, W, 3]` float32 RGB in [0, 1]
 * @returns `[N, H, W, 3]` float32: L ∈ [0, 100], u ≈ [−134, 220], v ≈ [−140, 122]
 */
export function rgbToLuv(images: Images): tf.Tensor4D {
  assertRgbImages('rgbToLuv', images);
  return tf.tidy(() => {
    const xyz = applyMatrix3(srgbToLinear(images) as tf.Tensor4D, SRGB_TO_XYZ);
    const [x, y, z] = tf.split(xyz, 3, 3);
    // OpenCV's L uses the same f(t) as Lab (116 f(Y) − 16 is 903.3·Y below the threshold).
    const l = tf.sub(tf.mul(labF(y!), 116), 16);
    const denom = tf.maximum(tf.add(tf.add(x!, tf.mul(y!, 15)), tf.mul(z!, 3)), FLT_EPSILON);
    const d = tf.div(52, denom);
    const u = tf.mul(l, tf.sub(tf.mul(x!, d), LUV_UN));
    const v = tf.mul(l, tf.sub(tf.mul(tf.mul(y!, 2.25), d), LUV_VN));
    return tf.concat([l, u, v], 3) as tf.Tensor4D;
  });
}
