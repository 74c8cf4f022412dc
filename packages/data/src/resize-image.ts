/**
 * How an image is fitted to the output size:
 * - `'shorter-side-center-crop'`: scale so the image covers H×W (the shorter side fits), then
 *   keep the centre (torchvision's `Resize(S)` + `CenterCrop(S)` for square outputs);
 * - `'stretch'`: scale each axis independently to H×W (aspect ratio not kept).
 */
export type ResizeMode = 'shorter-side-center-crop' | 'stretch';

/**
 * Resamples one uint8 HWC image to `[outH, outW]` with an antialiased bilinear (triangle)
 * filter, as PIL's `Image.resize(size, BILINEAR, box)`: each output pixel is the normalised
 * triangle-weighted mean of the source pixels under it, the triangle widened by the scale
 * factor when shrinking so no source pixel is skipped. Pixel centres sit at +0.5; taps outside
 * the image are dropped (weights renormalised). The same scale on both axes never blurs, and
 * scale 1 returns the input exactly.
 *
 * For `'shorter-side-center-crop'` the source box is the largest centred box with the output's
 * aspect ratio: scale s = max(outH / h, outW / w), box (w − outW/s)/2 … (w + outW/s)/2 (and the
 * same vertically); box edges may be fractional.
 *
 * @param src h·w·c values in [0, 255].
 * @returns outH·outW·c values in [0, 255], rounded.
 */
export function resizeImage(
  src: Uint8Array,
  srcShape: readonly [number, number, number],
  outSize: readonly [number, number],
  mode: ResizeMode,
): Uint8Array {
  // Self-contained (no outside references): image-folder workers run it from its source text.
  const [h, w, c] = srcShape;
  const [outH, outW] = outSize;
  let boxX = 0;
  let boxY = 0;
  let boxW = w;
  let boxH = h;
  if (mode === 'shorter-side-center-crop') {
    const s = Math.max(outH / h, outW / w);
    boxW = outW / s;
    boxH = outH / s;
    boxX = (w - boxW) / 2;
    boxY = (h - boxH) / 2;
  }
  if (boxX === 0 && boxY === 0 && boxW === outW && boxH === outH && w === outW && h === outH)
    return src.slice();

  // Per output index: first source tap and normalised weights (PIL's precompute_coeffs).
  const coefficients = (inSize: number, start: number, size: number, outLen: number) => {
    const scale = size / outLen;
    const filterScale = Math.max(scale, 1);
    const support = filterScale; // the triangle filter has support 1
    const taps = Math.ceil(support) * 2 + 1;
    const first = new Int32Array(outLen);
    const count = new Int32Array(outLen);
    const weights = new Float64Array(outLen * taps);
    for (let o = 0; o < outLen; o++) {
      const centre = start + (o + 0.5) * scale;
      const lo = Math.max(Math.trunc(centre - support + 0.5), 0);
      const hi = Math.min(Math.trunc(centre + support + 0.5), inSize);
      let total = 0;
      for (let j = lo; j < hi; j++) {
        const t = Math.abs((j + 0.5 - centre) / filterScale);
        const wgt = t < 1 ? 1 - t : 0;
        weights[o * taps + (j - lo)] = wgt;
        total += wgt;
      }
      if (total > 0)
        for (let j = 0; j < hi - lo; j++) weights[o * taps + j] = (weights[o * taps + j] as number) / total;
      first[o] = lo;
      count[o] = hi - lo;
    }
    return { first, count, weights, taps };
  };

  const cx = coefficients(w, boxX, boxW, outW);
  const cy = coefficients(h, boxY, boxH, outH);
  // Horizontal pass on every source row, kept in float so rounding happens once.
  const tmp = new Float64Array(h * outW * c);
  for (let y = 0; y < h; y++) {
    for (let o = 0; o < outW; o++) {
      const lo = cx.first[o]!;
      const n = cx.count[o]!;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += cx.weights[o * cx.taps + k]! * src[(y * w + lo + k) * c + ch]!;
        tmp[(y * outW + o) * c + ch] = acc;
      }
    }
  }
  const out = new Uint8Array(outH * outW * c);
  for (let o = 0; o < outH; o++) {
    const lo = cy.first[o]!;
    const n = cy.count[o]!;
    for (let x = 0; x < outW; x++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < n; k++)
          acc += cy.weights[o * cy.taps + k]! * tmp[((lo + k) * outW + x) * c + ch]!;
        const v = Math.round(acc);
        out[(o * outW + x) * c + ch] = Math.min(255, Math.max(0, v));
      }
    }
  }
  return out;
}
