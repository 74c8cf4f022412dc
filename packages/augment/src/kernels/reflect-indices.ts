/**
 * Source indices for reflect-101 padding (`dcb|abcd|cba`: the edge pixel is not repeated),
 * the border of both torchvision's `reflect` and OpenCV's `BORDER_REFLECT_101`.
 * Reflects repeatedly, as OpenCV does, so a pad larger than the image still works.
 *
 * @param length the size of the padded axis (> 0)
 * @param before pixels added before index 0
 * @param after pixels added after index length − 1
 */
export function reflectIndices(length: number, before: number, after: number): number[] {
  const out: number[] = [];
  for (let i = -before; i < length + after; i++) {
    let p = i;
    if (length === 1) p = 0;
    while (p < 0 || p >= length) p = p < 0 ? -p : 2 * (length - 1) - p;
    out.push(p);
  }
  return out;
}
