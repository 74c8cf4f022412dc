import type { Matrix3 } from './color-matrix';

/** Rec. 601 luma weights OpenCV uses for gray, YCrCb and YUV. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * The 3×3 matrix of "Y, then k1·(c1 − Y), k2·(c2 − Y)" (chroma offsets added separately),
 * the form of OpenCV's YCrCb and YUV conversions.
 */
export function lumaChromaMatrix(
  first: { channel: number; k: number },
  second: { channel: number; k: number },
): Matrix3 {
  const row = ({ channel, k }: { channel: number; k: number }): number[] =>
    LUMA.map((y, j) => k * ((j === channel ? 1 : 0) - y));
  return [...LUMA, ...row(first), ...row(second)] as unknown as Matrix3;
}
