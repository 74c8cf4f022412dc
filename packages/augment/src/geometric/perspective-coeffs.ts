import { TricksError } from '@tftricks/core';

/** A point [x, y] in pixel coordinates. */
export type Point = readonly [number, number];

/**
 * torchvision's `_get_perspective_coeffs`: the 8 coefficients (a..h) of the homography that
 * maps each of the 4 `endpoints` onto its `startpoint` (output → input), solved exactly
 * (Gaussian elimination in float64; torchvision solves the same square system by least squares).
 */
export function perspectiveCoeffs(
  fn: string,
  startpoints: readonly Point[],
  endpoints: readonly Point[],
): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = endpoints[i]!;
    const [u, v] = startpoints[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) {
      throw new TricksError(
        fn,
        'endpoints',
        '4 points in general position (no 3 on a line)',
        'a degenerate quadrilateral',
      );
    }
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const row = a[col]!;
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / row[col]!;
      if (f !== 0) for (let k = col; k < 9; k++) a[r]![k]! -= f * row[k]!;
    }
  }
  return a.map((row, i) => row[8]! / row[i]!);
}

/**
 * Converts torchvision's perspective coefficients, which act on pixel-corner coordinates
 * (pixel i spans [i, i+1)), into `tf.image.transform`'s pixel-centre convention:
 * T(−½) · P · T(+½), normalised so the last entry is 1.
 */
export function perspectiveToTransform(coeffs: readonly number[]): number[] {
  const [a, b, c, d, e, f, g, h] = coeffs as [number, number, number, number, number, number, number, number];
  const p = [
    [a, b, c],
    [d, e, f],
    [g, h, 1],
  ] as const;
  // P · T(+½): the last column becomes P · [½, ½, 1].
  const q = p.map((r) => [r[0], r[1], 0.5 * r[0] + 0.5 * r[1] + r[2]]);
  // T(−½) · Q: subtract half of the last row from the first two.
  const r0 = q[0]!.map((v, k) => v - 0.5 * q[2]![k]!);
  const r1 = q[1]!.map((v, k) => v - 0.5 * q[2]![k]!);
  const r2 = q[2]!;
  const z = r2[2]!;
  return [r0[0]! / z, r0[1]! / z, r0[2]! / z, r1[0]! / z, r1[1]! / z, r1[2]! / z, r2[0]! / z, r2[1]! / z];
}
