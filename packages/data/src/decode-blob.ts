import type { DecodedRgba } from './decoded-rgba';

/**
 * Decodes an image `Blob` (PNG, JPEG, WebP, GIF…) in the browser with `createImageBitmap`
 * (which decodes off the main thread) and an `OffscreenCanvas`: RGBA uint8, H·W·4 in [0, 255].
 * No premultiplied alpha and no colour-space conversion, so opaque PNGs come back exactly.
 * Rejects when the browser cannot decode the bytes.
 */
export async function decodeBlob(blob: Blob): Promise<DecodedRgba> {
  const bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context on OffscreenCanvas');
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
  } finally {
    bitmap.close();
  }
}
