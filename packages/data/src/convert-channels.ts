/**
 * Converts decoded RGBA pixels (uint8, H·W·4) to `channels` ∈ {1, 3, 4} channels:
 * 4 keeps RGBA, 3 drops alpha (as PIL's `convert('RGB')`), 1 is ITU-R 601-2 luma
 * `L = (19595 R + 38470 G + 7471 B + 2^15) >> 16` (PIL's `convert('L')`, exact for gray input).
 */
export function convertChannels(rgba: Uint8Array, channels: number): Uint8Array {
  // Self-contained (no outside references): image-folder workers run it from its source text.
  const n = rgba.length >> 2;
  if (channels === 4) return rgba.slice();
  const out = new Uint8Array(n * channels);
  if (channels === 3) {
    for (let i = 0; i < n; i++) {
      out[i * 3] = rgba[i * 4] as number;
      out[i * 3 + 1] = rgba[i * 4 + 1] as number;
      out[i * 3 + 2] = rgba[i * 4 + 2] as number;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const r = rgba[i * 4] as number;
      const g = rgba[i * 4 + 1] as number;
      const b = rgba[i * 4 + 2] as number;
      out[i] = (r * 19595 + g * 38470 + b * 7471 + 32768) >> 16;
    }
  }
  return out;
}
