import { describeValue, TricksError } from '@tftricks/core';
import { encode } from 'fast-png';

/**
 * Encodes one image as an 8-bit PNG with fast-png (pure JS: Node and browsers alike).
 *
 * @param pixels H·W·C values in [0, 1], HWC order (scaled by 255 and rounded).
 * @param height H ≥ 1. @param width W ≥ 1.
 * @param channels C ∈ {1 (gray), 3 (RGB), 4 (RGBA)}.
 * @returns the PNG file bytes.
 */
export function encodePng(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
): Uint8Array {
  const fn = 'encodePng';
  if (![1, 3, 4].includes(channels))
    throw new TricksError(fn, 'channels', '1, 3 or 4', describeValue(channels));
  if (!(Number.isInteger(height) && height >= 1 && Number.isInteger(width) && width >= 1)) {
    throw new TricksError(fn, 'height/width', 'integers ≥ 1', `${height}×${width}`);
  }
  if (pixels.length !== height * width * channels) {
    throw new TricksError(fn, 'pixels', `${height}·${width}·${channels} values`, `${pixels.length}`);
  }
  const bytes = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    // Allow a float32 ulp past the ends (resampled images); anything else is a caller bug.
    if (!(v >= -1e-6 && v <= 1 + 1e-6))
      throw new TricksError(fn, `pixels[${i}]`, 'a value in [0, 1]', describeValue(v));
    bytes[i] = Math.round(Math.min(1, Math.max(0, v)) * 255);
  }
  return encode({ width, height, data: bytes, channels, depth: 8 });
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (RFC 4648, padded), without Buffer or btoa so it runs everywhere. */
export function toBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const triple = (a << 16) | (b << 8) | c;
    out.push(
      BASE64[(triple >> 18) & 63]!,
      BASE64[(triple >> 12) & 63]!,
      i + 1 < bytes.length ? BASE64[(triple >> 6) & 63]! : '=',
      i + 2 < bytes.length ? BASE64[triple & 63]! : '=',
    );
  }
  return out.join('');
}

/** A `data:image/png;base64,…` URI of one image (see {@link encodePng} for the arguments). */
export function pngDataUri(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
): string {
  return `data:image/png;base64,${toBase64(encodePng(pixels, height, width, channels))}`;
}
