/**
 * torchvision's `_get_inverse_affine_matrix` (0.14): the 2×3 matrix that maps an output point
 * to its input point, both relative to the image centre, for a rotation by `angle` degrees
 * about `center`, a translation, a scale and a shear (degrees, x then y).
 */
export function inverseAffineMatrix(
  center: readonly [number, number],
  angle: number,
  translate: readonly [number, number],
  scale: number,
  shear: readonly [number, number],
): number[] {
  const rot = (angle * Math.PI) / 180;
  const sx = (shear[0] * Math.PI) / 180;
  const sy = (shear[1] * Math.PI) / 180;
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale) as [number, number, number, number, number, number];
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

/**
 * Converts a centred inverse affine matrix (torchvision's grid convention: coordinates relative
 * to the centre of a `width`×`height` image, pixel centres at ±(size−1)/2) into the 8 numbers
 * of `tf.image.transform`, which indexes pixels from the top-left pixel centre.
 */
export function centeredAffineToTransform(m: readonly number[], width: number, height: number): number[] {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const [a0, a1, a2, b0, b1, b2] = m as [number, number, number, number, number, number];
  return [a0, a1, a2 + cx - a0 * cx - a1 * cy, b0, b1, b2 + cy - b0 * cx - b1 * cy, 0, 0];
}
