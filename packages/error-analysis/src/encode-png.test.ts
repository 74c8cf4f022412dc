import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { encodePng, pngDataUri, toBase64 } from './encode-png';

describe('encodePng', () => {
  it('round-trips gray and RGB pixels through fast-png', () => {
    const gray = [0, 0.5, 1, 0.25, 0.75, 1 / 255];
    const png = encodePng(gray, 2, 3, 1);
    expect(Array.from(png.subarray(1, 4), (b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const back = decode(png);
    expect([back.width, back.height, back.channels]).toEqual([3, 2, 1]);
    expect(Array.from(back.data)).toEqual([0, 128, 255, 64, 191, 1]);
    const rgb = encodePng([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1], 2, 2, 3);
    expect(Array.from(decode(rgb).data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    expect(pngDataUri(gray, 2, 3, 1)).toBe(`data:image/png;base64,${toBase64(png)}`);
  });

  it('base64 matches RFC 4648 test vectors', () => {
    const enc = (s: string) => toBase64(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
      '',
      'Zg==',
      'Zm8=',
      'Zm9v',
      'Zm9vYg==',
      'Zm9vYmE=',
      'Zm9vYmFy',
    ]);
  });

  it('refuses values outside [0, 1] and wrong sizes', () => {
    expect(() => encodePng([0, 2], 1, 2, 1)).toThrow(
      "encodePng: argument 'pixels[1]' expected a value in [0, 1], got 2",
    );
    expect(() => encodePng([0, 1], 1, 1, 1)).toThrow(/expected 1·1·1 values/);
    expect(() => encodePng([0, 1], 1, 1, 2)).toThrow(/channels/);
  });
});
