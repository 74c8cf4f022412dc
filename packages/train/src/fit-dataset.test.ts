import { TricksError } from '@tftricks/core';
import type { ImageDataset } from '@tftricks/data';
import { describe, expect, it } from 'vitest';
import { fitDataset } from './fit-dataset';

/** Two 2×2 grey images. */
const grey: ImageDataset = {
  pixels: Uint8Array.from([0, 100, 200, 255, 10, 20, 30, 40]),
  labels: Uint8Array.from([0, 1]),
  imageShape: [2, 2, 1],
  numClasses: 2,
};

describe('fitDataset', () => {
  it('replicates grey to RGB (same size: pixels only repeat)', () => {
    const rgb = fitDataset(grey, [2, 2, 3]);
    expect(rgb.imageShape).toEqual([2, 2, 3]);
    expect(Array.from(rgb.pixels.subarray(0, 12))).toEqual([
      0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255,
    ]);
    expect(Array.from(rgb.labels)).toEqual([0, 1]);
  });

  it('resizes like an image folder decodes: a 2× upscale of a flat image stays flat, of a ramp stays in range', () => {
    const flat: ImageDataset = { ...grey, pixels: new Uint8Array(8).fill(77) };
    const big = fitDataset(flat, [4, 4, 1]);
    expect(big.imageShape).toEqual([4, 4, 1]);
    expect(Array.from(big.pixels)).toEqual(new Array(32).fill(77));
    const ramp = fitDataset(grey, [4, 4, 1]);
    const first = Array.from(ramp.pixels.subarray(0, 16));
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThanOrEqual(255);
    // Bilinear: the top-left output pixel lies between the two top-left inputs.
    expect(first[0]).toBeLessThan(first[3]!);
  });

  it('reduces RGB to luma (PIL convert("L"))', () => {
    const rgb: ImageDataset = {
      pixels: Uint8Array.from([255, 0, 0, 0, 255, 0]),
      labels: Uint8Array.from([0]),
      imageShape: [1, 2, 3],
      numClasses: 2,
    };
    expect(Array.from(fitDataset(rgb, [1, 2, 1]).pixels)).toEqual([76, 150]);
  });

  it('returns the dataset itself when it already fits, and refuses float pixels', () => {
    expect(fitDataset(grey, [2, 2, 1])).toBe(grey);
    const float: ImageDataset = { ...grey, pixels: new Float32Array(8) };
    expect(() => fitDataset(float, [4, 4, 1])).toThrow(TricksError);
    expect(() => fitDataset(float, [4, 4, 1])).toThrow(
      /fitDataset: argument 'dataset.pixels' expected uint8 pixels/,
    );
  });
});
