import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches } from './batches';
import { imageFolderFromFiles } from './image-folder-from-files';
import { stratifiedSplit } from './stratified-split';

const S = 8;

/** Deterministic opaque RGBA pixels: noise (for PNG) or a smooth ramp (for JPEG). */
function rgba(seed: number, kind: 'noise' | 'ramp', w = S, h = S): Uint8ClampedArray<ArrayBuffer> {
  const rng = createRng(seed);
  const px = new Uint8ClampedArray(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    const [x, y] = [p % w, Math.floor(p / w)];
    if (kind === 'noise') for (let c = 0; c < 3; c++) px[p * 4 + c] = rng.int(0, 256);
    else px.set([40 + 16 * x + seed, 60 + 12 * y, 90 + 6 * (x + y)], p * 4);
    px[p * 4 + 3] = 255;
  }
  return px;
}

/** Encodes pixels with the browser's own encoder (OffscreenCanvas.convertToBlob). */
async function encode(
  px: Uint8ClampedArray<ArrayBuffer>,
  type: 'image/png' | 'image/jpeg',
  w = S,
  h = S,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(w, h);
  canvas.getContext('2d')!.putImageData(new ImageData(px, w, h), 0, 0);
  return canvas.convertToBlob({ type, quality: 0.95 });
}

/** A File as `<input webkitdirectory>` makes it: with its path relative to the chosen folder. */
function file(blob: Blob | string, path: string): File {
  const f = new File([blob], path.split('/').pop()!, {
    type: typeof blob === 'string' ? 'text/plain' : blob.type,
  });
  Object.defineProperty(f, 'webkitRelativePath', { value: path });
  return f;
}

const written: Record<string, Uint8ClampedArray<ArrayBuffer>> = {};
let files: File[];

beforeAll(async () => {
  const specs: [string, number, 'image/png' | 'image/jpeg'][] = [
    ['photos/cat/a.png', 1, 'image/png'],
    ['photos/cat/b.jpg', 2, 'image/jpeg'],
    ['photos/dog/c.png', 3, 'image/png'],
    ['photos/dog/d.jpg', 4, 'image/jpeg'],
    ['photos/bird/e.png', 5, 'image/png'],
  ];
  files = [];
  for (const [path, seed, type] of specs) {
    written[path] = rgba(seed, type === 'image/png' ? 'noise' : 'ramp');
    files.push(file(await encode(written[path]!, type), path));
  }
  files.push(file('not an image at all', 'photos/dog/corrupt.png'));
  files.push(file('notes', 'photos/cat/readme.txt'));
});

describe('imageFolderFromFiles (headless Chromium)', () => {
  it('maps parent folders to sorted classes and decodes PNG exactly, JPEG within tolerance', async () => {
    const warnings: string[] = [];
    const folder = await imageFolderFromFiles(files, { size: S, onWarning: (m) => warnings.push(m) });
    expect(folder.decoder).toBe('createImageBitmap');
    expect(folder.classNames).toEqual(['bird', 'cat', 'dog']);
    expect(folder.files).toEqual([
      'photos/bird/e.png',
      'photos/cat/a.png',
      'photos/cat/b.jpg',
      'photos/dog/c.png',
      'photos/dog/d.jpg',
    ]);
    expect(Array.from(folder.labels)).toEqual([0, 1, 1, 2, 2]);
    expect(folder.ignored).toEqual(['photos/cat/readme.txt']);
    expect(folder.skipped.map((s) => s.path)).toEqual(['photos/dog/corrupt.png']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('photos/dog/corrupt.png: is not a PNG, JPEG, WebP or GIF image');

    const ds = await folder.toDataset();
    const size = S * S * 3;
    ds.files.forEach((path, i) => {
      const got = Array.from(ds.pixels.subarray(i * size, (i + 1) * size));
      const want = Array.from(written[path]!).filter((_, k) => k % 4 !== 3);
      if (path.endsWith('.png')) expect(got).toEqual(want);
      else {
        // Chromium's quality-0.95 JPEG subsamples chroma 2×2: a few levels off on average, more at ramp edges.
        const err = got.map((v, k) => Math.abs(v - want[k]!));
        expect(Math.max(...err)).toBeLessThanOrEqual(16);
        expect(err.reduce((a, b) => a + b, 0) / err.length).toBeLessThanOrEqual(3);
        expect(Math.max(...err)).toBeGreaterThan(0);
      }
    });
    // Streamed float32 batches in [0, 1] carry the same values, in the order `batches` draws.
    const order: number[] = [];
    await expectNoLeaks(async () => {
      for await (const b of folder.batches({ batchSize: 2, rng: createRng(3) })) {
        expect(b.images.shape).toEqual([b.indices.length, S, S, 3]);
        const px = await b.images.data();
        b.indices.forEach((j, i) => {
          expect(px[i * size + 5]).toBeCloseTo(ds.pixels[j * size + 5]! / 255, 6);
        });
        order.push(...b.indices);
        tf.sum(b.images).dispose();
      }
    }, 'imageFolderFromFiles epoch');
    expect(order).toEqual([...batches(ds, { batchSize: 2, rng: createRng(3) })].flatMap((b) => b.indices));
    const { test } = stratifiedSplit(folder.labels, { testFraction: 0.5, rng: createRng(0) });
    expect(test.length).toBeGreaterThan(0);
    await folder.close();
  });

  it('resizes like imageFolder in Node: stretch of a two-colour image, centre crop of a ramp', async () => {
    const A = [10, 20, 30];
    const B = [210, 160, 110];
    const two = new Uint8ClampedArray([...A, 255, ...B, 255, ...A, 255, ...B, 255]);
    const ramp = new Uint8ClampedArray(4 * 8 * 4);
    for (let p = 0; p < 32; p++) ramp.set([30 * (p % 8), 30 * (p % 8), 30 * (p % 8), 255], p * 4);
    const set = [
      file(await encode(two, 'image/png', 2, 2), 'r/k/two.png'),
      file(await encode(ramp, 'image/png', 8, 4), 'r/k/ramp.png'),
    ];
    const stretch = await imageFolderFromFiles(set, { size: [2, 4], resize: 'stretch' });
    const row = [0, 0.25, 0.75, 1].flatMap((f) => A.map((a, ch) => Math.round(a + f * (B[ch]! - a))));
    expect(Array.from((await stretch.loadImages([1]))[0]!)).toEqual([...row, ...row]);
    const crop = await imageFolderFromFiles(set, { size: 2, channels: 1 });
    expect(Array.from((await crop.loadImages([0]))[0]!)).toEqual([75, 135, 75, 135]);
  });

  it('strict makes the corrupt file a TricksError; pathOf supplies paths for drag-and-drop', async () => {
    await expect(imageFolderFromFiles(files, { size: S, strict: true })).rejects.toThrow(
      /photos\/dog\/corrupt\.png/,
    );
    const plain = [new File([await encode(rgba(9, 'noise'), 'image/png')], 'x.png')];
    await expect(imageFolderFromFiles(plain, { size: S })).rejects.toThrow(TricksError);
    const folder = await imageFolderFromFiles(plain, { size: S, pathOf: () => '/dropped/owl/x.png' });
    expect(folder.classNames).toEqual(['owl']);
    expect(folder.files).toEqual(['dropped/owl/x.png']);
  });
});
