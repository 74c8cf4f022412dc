import golden from '@golden/data/resize.json';
import { describe, expect, it } from 'vitest';
import { convertChannels } from './convert-channels';
import { resizeImage } from './resize-image';

/** A gray h×w image whose pixel (y, x) is f(y, x). */
function gray(h: number, w: number, f: (y: number, x: number) => number): Uint8Array {
  return Uint8Array.from({ length: h * w }, (_, i) => f(Math.floor(i / w), i % w));
}

describe('resizeImage', () => {
  it('returns the image unchanged at its own size, in both modes', () => {
    const src = Uint8Array.from({ length: 3 * 5 * 3 }, (_, i) => (i * 37) % 256);
    expect(Array.from(resizeImage(src, [3, 5, 3], [3, 5], 'stretch'))).toEqual(Array.from(src));
    expect(Array.from(resizeImage(src, [3, 5, 3], [3, 5], 'shorter-side-center-crop'))).toEqual(
      Array.from(src),
    );
  });

  it('stretches a two-colour image by the triangle-filter closed form (PIL bilinear: 0, 64, 191, 255)', () => {
    // 2×2 RGB: left column A, right column B, stretched to 2×4. Output centres fall at
    // x = 0.25, 0.75, 1.25, 1.75 in source pixels: weights of B are 0, 1/4, 3/4, 1.
    const A = [10, 20, 30];
    const B = [210, 160, 110];
    const src = Uint8Array.from([...A, ...B, ...A, ...B]);
    const out = resizeImage(src, [2, 2, 3], [2, 4], 'stretch');
    const t = [0, 0.25, 0.75, 1];
    const row = t.flatMap((f) => A.map((a, ch) => Math.round(a + f * (B[ch]! - a))));
    expect(Array.from(out)).toEqual([...row, ...row]);
    expect(Array.from(resizeImage(Uint8Array.from([0, 255]), [1, 2, 1], [1, 4], 'stretch'))).toEqual([
      0, 64, 191, 255,
    ]);
  });

  it('shrinks by averaging: a 2× stretch down of a checkerboard of 2×2 blocks is the block mean', () => {
    const src = gray(4, 4, (y, x) => (((y >> 1) + (x >> 1)) % 2 ? 200 : 100));
    // Scale 2: the output centre (1, 1) of the top-left block sees source pixels 0, 1 (its block,
    // weight 3/4 each) and 2 (the neighbour block, 1/4); pixel −1 is outside the image, so the
    // weights renormalise by 1.75. Separable: first along x, then along y.
    const out = resizeImage(src, [4, 4, 1], [2, 2], 'stretch');
    const own = 1.5 / 1.75;
    const next = 0.25 / 1.75;
    const row0 = own * 100 + next * 200; // block row 0 seen from column block 0
    const row1 = own * 200 + next * 100;
    expect(out[0]).toBe(Math.round(own * row0 + next * row1));
    expect(out[3]).toBe(out[0]);
    expect(out[1]).toBe(out[2]);
  });

  it('centre-crops along the longer side: a 4×8 ramp keeps columns 2–5 at scale 1', () => {
    const ramp = gray(4, 8, (_, x) => 30 * x);
    expect(Array.from(resizeImage(ramp, [4, 8, 1], [4, 4], 'shorter-side-center-crop'))).toEqual(
      Array.from({ length: 4 }, () => [60, 90, 120, 150]).flat(),
    );
    // Portrait: the rows are cropped instead.
    const tall = gray(8, 4, (y) => 30 * y);
    expect(Array.from(resizeImage(tall, [8, 4, 1], [4, 4], 'shorter-side-center-crop'))).toEqual(
      [60, 90, 120, 150].flatMap((v) => [v, v, v, v]),
    );
    // Scale ½: box x ∈ [2, 6); output centres x = 3 and 5; the triangle of half-width 2 weights
    // columns (1, 2, 3, 4) and (3, 4, 5, 6) by (1, 3, 3, 1)/8. PIL gives [75, 135] too.
    const half = resizeImage(ramp, [4, 8, 1], [2, 2], 'shorter-side-center-crop');
    const w = (cols: number[]) => ((cols[0]! + 3 * cols[1]! + 3 * cols[2]! + cols[3]!) * 30) / 8;
    expect(Array.from(half)).toEqual([w([1, 2, 3, 4]), w([3, 4, 5, 6]), w([1, 2, 3, 4]), w([3, 4, 5, 6])]);
    expect(Array.from(half)).toEqual([75, 135, 75, 135]);
    // Stretch keeps everything instead: the same ramp to 4×4 averages column pairs.
    const stretched = resizeImage(ramp, [4, 8, 1], [4, 4], 'stretch');
    expect(stretched[1]).toBe(w([1, 2, 3, 4])); // centre x = 3, as the crop's first column
    expect(stretched[0]).toBe(Math.round((0.75 * 0 + 0.75 * 30 + 0.25 * 60) / 1.75)); // column −1 cut off
  });
});

describe('resizeImage vs PIL (tools/golden/data_resize.py)', () => {
  it('matches PIL Image.resize(BILINEAR, box) within 1 level (PIL rounds between its two passes)', () => {
    expect(golden.cases.length).toBe(8);
    for (const k of golden.cases) {
      const out = resizeImage(Uint8Array.from(k.input), k.shape, k.size, k.mode);
      expect(out.length).toBe(k.expected.length);
      const diff = Array.from(out, (v, i) => Math.abs(v - k.expected[i]!));
      expect(Math.max(...diff), `${k.mode} ${k.shape} → ${k.size}`).toBeLessThanOrEqual(1);
      // Mostly exact: off-by-one only where PIL's intermediate rounding tips a .5.
      expect(diff.filter((d) => d > 0).length / diff.length).toBeLessThan(0.25);
    }
  });
});

describe('convertChannels', () => {
  it('drops alpha for RGB, keeps RGBA, and computes PIL luma (exact on gray)', () => {
    const rgba = Uint8Array.from([255, 0, 0, 128, 0, 255, 0, 255, 0, 0, 255, 0, 77, 77, 77, 255]);
    expect(Array.from(convertChannels(rgba, 4))).toEqual(Array.from(rgba));
    expect(Array.from(convertChannels(rgba, 3))).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 77, 77, 77]);
    // PIL: L = R·299/1000 + G·587/1000 + B·114/1000, in 16-bit fixed point.
    expect(Array.from(convertChannels(rgba, 1))).toEqual([76, 150, 29, 77]);
  });
});
