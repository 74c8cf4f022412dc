import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batches } from '../batches';
import { kFold } from '../k-fold';
import { stratifiedSplit } from '../stratified-split';
import { imageFolder } from './image-folder';

const S = 8; // every test image is 8×8, so size 8 decodes without resampling

/** Deterministic RGBA pixels: noise for PNGs (exact check), a smooth ramp for JPEGs (codec-friendly). */
function rgba(seed: number, kind: 'noise' | 'ramp', alpha = false): Uint8Array {
  const rng = createRng(seed);
  const px = new Uint8Array(S * S * 4);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const o = (y * S + x) * 4;
      if (kind === 'noise') for (let c = 0; c < 3; c++) px[o + c] = rng.int(0, 256);
      else {
        px[o] = 40 + 16 * x + seed;
        px[o + 1] = 60 + 12 * y;
        px[o + 2] = 90 + 6 * (x + y);
      }
      px[o + 3] = alpha ? rng.int(0, 256) : 255;
    }
  }
  return px;
}

function pngBytes(px: Uint8Array, w = S, h = S): Buffer {
  const png = new PNG({ width: w, height: h });
  png.data.set(px);
  return PNG.sync.write(png);
}

function jpegBytes(px: Uint8Array): Buffer {
  return jpeg.encode({ data: Buffer.from(px), width: S, height: S }, 95).data;
}

/** The RGB (or RGBA) values of an RGBA image. */
function channels(px: Uint8Array, c: 3 | 4): number[] {
  return Array.from(px).filter((_, i) => c === 4 || i % 4 !== 3);
}

let dir: string;
let broken: string; // a folder whose PNG has a valid header but truncated data
const written: Record<string, Uint8Array> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tftricks-image-folder-'));
  const put = (path: string, bytes: Uint8Array | string, px?: Uint8Array) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
    if (px) written[path] = px;
  };
  // Classes sort to bird (0), cat (1), dog (2).
  put('cat/a.png', pngBytes(rgba(1, 'noise')), rgba(1, 'noise'));
  put('cat/b.jpg', jpegBytes(rgba(2, 'ramp')), rgba(2, 'ramp'));
  put('cat/notes.txt', 'not an image'); // ignored by extension
  put('dog/c.png', pngBytes(rgba(3, 'noise', true)), rgba(3, 'noise', true));
  put('dog/d.jpeg', jpegBytes(rgba(4, 'ramp')), rgba(4, 'ramp'));
  put('dog/e.png', pngBytes(rgba(5, 'noise')), rgba(5, 'noise'));
  put('dog/zz-corrupt.png', 'this is not a png at all'); // corrupt: image extension, not an image
  put('bird/f.png', pngBytes(rgba(6, 'noise')), rgba(6, 'noise'));
  put('bird/nested/g.jpg', jpegBytes(rgba(7, 'ramp')), rgba(7, 'ramp'));
  put('.hidden/h.png', pngBytes(rgba(8, 'noise'))); // hidden folders are not classes

  broken = mkdtempSync(join(tmpdir(), 'tftricks-image-folder-broken-'));
  const good = pngBytes(rgba(9, 'noise'));
  mkdirSync(join(broken, 'x'));
  mkdirSync(join(broken, 'y'));
  writeFileSync(join(broken, 'x', '1.png'), good);
  writeFileSync(join(broken, 'x', '2.png'), good.subarray(0, 60)); // header fine, data cut
  writeFileSync(join(broken, 'y', '3.png'), good);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(broken, { recursive: true, force: true });
});

const EXPECTED_FILES = [
  'bird/f.png',
  'bird/nested/g.jpg',
  'cat/a.png',
  'cat/b.jpg',
  'dog/c.png',
  'dog/d.jpeg',
  'dog/e.png',
];

describe('imageFolder', () => {
  it('maps sorted class folders to labels, counts images, ignores non-images, warns about the corrupt file', async () => {
    const warnings: string[] = [];
    const folder = await imageFolder(dir, { size: S, onWarning: (m) => warnings.push(m) });
    try {
      expect(folder.decoder).toBe('sharp'); // the optional dependency installs and loads here
      expect(folder.classNames).toEqual(['bird', 'cat', 'dog']);
      expect(folder.numClasses).toBe(3);
      expect(folder.size).toBe(7);
      expect(folder.files).toEqual(EXPECTED_FILES);
      expect(Array.from(folder.labels)).toEqual([0, 0, 1, 1, 2, 2, 2]);
      expect(folder.imageShape).toEqual([S, S, 3]);
      expect(folder.ignored).toEqual(['cat/notes.txt']);
      expect(folder.skipped.map((s) => s.path)).toEqual(['dog/zz-corrupt.png']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('imageFolder: skipped 1 of 8 image file(s)');
      expect(warnings[0]).toContain(
        'dog/zz-corrupt.png: is not a PNG, JPEG, WebP or GIF image (starts with 74 68 69 73)',
      );
    } finally {
      await folder.close();
    }
  });

  it('classNames overrides the label order and selects folders; a missing one is a TricksError', async () => {
    const folder = await imageFolder(dir, { size: S, classNames: ['dog', 'cat'], onWarning: () => {} });
    expect(folder.classNames).toEqual(['dog', 'cat']);
    expect(folder.files).toEqual(['dog/c.png', 'dog/d.jpeg', 'dog/e.png', 'cat/a.png', 'cat/b.jpg']);
    expect(Array.from(folder.labels)).toEqual([0, 0, 0, 1, 1]);
    await folder.close();
    await expect(imageFolder(dir, { size: S, classNames: ['cat', 'fish'] })).rejects.toThrow(
      /missing "fish"/,
    );
  });

  // Every decoder × thread setup must give the same pixels: PNG exact, JPEG within codec error.
  for (const decoder of ['sharp', 'js'] as const) {
    for (const workers of [0, 1]) {
      it(`decodes PNG exactly and JPEG within tolerance (decoder ${decoder}, ${workers} worker(s))`, async () => {
        const folder = await imageFolder(dir, {
          size: S,
          decoder,
          workers,
          channels: 4,
          onWarning: () => {},
        });
        try {
          expect(folder.decoder).toBe(decoder === 'sharp' ? 'sharp' : 'pngjs/jpeg-js');
          const ds = await folder.toDataset();
          expect(ds.files).toEqual(EXPECTED_FILES);
          expect(ds.pixels).toBeInstanceOf(Uint8Array);
          const size = S * S * 4;
          ds.files.forEach((path, i) => {
            const got = Array.from(ds.pixels.subarray(i * size, (i + 1) * size));
            const want = channels(written[path]!, 4);
            if (path.endsWith('.png')) expect(got).toEqual(want);
            else {
              // Quality-95 JPEG of a smooth ramp: chroma subsampling and the DCT cost a few levels.
              const err = Math.max(...got.map((v, k) => Math.abs(v - want[k]!)));
              expect(err).toBeLessThanOrEqual(6);
              expect(err).toBeGreaterThan(0); // it really went through the lossy codec
            }
          });
          // The streamed float32 batches carry the same values / 255.
          for await (const b of folder.batches({ batchSize: 4 })) {
            const px = b.images.dataSync();
            b.indices.forEach((j, i) => {
              for (let k = 0; k < size; k += 17)
                expect(px[i * size + k]).toBeCloseTo(ds.pixels[j * size + k]! / 255, 6);
            });
          }
        } finally {
          await folder.close();
        }
      });
    }
  }

  it('converts channels: RGB drops alpha, 1 channel is PIL luma', async () => {
    const rgb = await imageFolder(dir, { size: S, channels: 3, workers: 0, onWarning: () => {} });
    const gray = await imageFolder(dir, { size: S, channels: 1, workers: 0, onWarning: () => {} });
    const i = rgb.files.indexOf('dog/c.png'); // the PNG with alpha
    const [px3, px1] = [(await rgb.loadImages([i]))[0]!, (await gray.loadImages([i]))[0]!];
    const src = written['dog/c.png']!;
    expect(Array.from(px3)).toEqual(channels(src, 3));
    expect(Array.from(px1)).toEqual(
      Array.from(
        { length: S * S },
        (_, p) => (src[p * 4]! * 19595 + src[p * 4 + 1]! * 38470 + src[p * 4 + 2]! * 7471 + 32768) >> 16,
      ),
    );
    await Promise.all([rgb.close(), gray.close()]);
  });

  it('resizes by shorter side + centre crop or by stretching, the same in workers and with either decoder', async () => {
    const rdir = mkdtempSync(join(tmpdir(), 'tftricks-resize-'));
    mkdirSync(join(rdir, 'k'));
    // 4×8 (H×W) gray ramp: column x = 30·x, stored as RGB.
    const ramp = new Uint8Array(4 * 8 * 4);
    for (let p = 0; p < 32; p++) ramp.set([30 * (p % 8), 30 * (p % 8), 30 * (p % 8), 255], p * 4);
    writeFileSync(join(rdir, 'k', 'ramp.png'), pngBytes(ramp, 8, 4));
    // 2×2 two-colour image: left column A, right column B.
    const A = [10, 20, 30];
    const B = [210, 160, 110];
    writeFileSync(
      join(rdir, 'k', 'two.png'),
      pngBytes(Uint8Array.from([...A, 255, ...B, 255, ...A, 255, ...B, 255]), 2, 2),
    );
    try {
      for (const [decoder, workers] of [
        ['sharp', 1],
        ['js', 0],
      ] as const) {
        const crop = await imageFolder(rdir, { size: [4, 4], channels: 1, decoder, workers });
        // Scale 1 along the shorter side: the crop keeps columns 2–5 exactly.
        expect(Array.from((await crop.loadImages([0]))[0]!)).toEqual(
          Array.from({ length: 4 }, () => [60, 90, 120, 150]).flat(),
        );
        await crop.close();
        const half = await imageFolder(rdir, { size: 2, channels: 1, decoder, workers });
        // Scale ½, box x ∈ [2, 6): triangle weights (1, 3, 3, 1)/8 on columns 1–4 and 3–6.
        expect(Array.from((await half.loadImages([0]))[0]!)).toEqual([75, 135, 75, 135]);
        await half.close();
        const stretch = await imageFolder(rdir, { size: [2, 4], resize: 'stretch', decoder, workers });
        // Output centres at x = 0.25, 0.75, 1.25, 1.75 → weight of B: 0, 1/4, 3/4, 1.
        const row = [0, 0.25, 0.75, 1].flatMap((f) => A.map((a, ch) => Math.round(a + f * (B[ch]! - a))));
        expect(Array.from((await stretch.loadImages([1]))[0]!)).toEqual([...row, ...row]);
        await stretch.close();
      }
    } finally {
      rmSync(rdir, { recursive: true, force: true });
    }
  });

  it('strict: the corrupt file is a TricksError naming it, before any training', async () => {
    const err = await imageFolder(dir, { size: S, strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TricksError);
    expect((err as TricksError).fn).toBe('imageFolder');
    expect((err as Error).message).toContain('only readable images (strict: true)');
    expect((err as Error).message).toContain('dog/zz-corrupt.png');
  });

  it('a truncated image found mid-epoch: dropped from its batch with a warning (lenient), TricksError (strict), or caught up front (verify: decode)', async () => {
    for (const decoder of ['sharp', 'js'] as const) {
      const warnings: string[] = [];
      const lenient = await imageFolder(broken, { size: S, decoder, onWarning: (m) => warnings.push(m) });
      expect(lenient.size).toBe(3); // the header looked fine
      const seen: number[] = [];
      for (let epoch = 0; epoch < 2; epoch++) {
        for await (const b of lenient.batches({ batchSize: 2 })) {
          expect(b.images.shape[0]).toBe(b.indices.length);
          seen.push(...b.indices);
        }
      }
      expect(seen).toEqual([0, 2, 0, 2]);
      expect(warnings).toHaveLength(1); // reported once, not every epoch
      expect(warnings[0]).toContain('x/2.png');
      expect(lenient.skipped.map((s) => s.path)).toEqual(['x/2.png']);
      await lenient.close();

      const strict = await imageFolder(broken, { size: S, decoder, strict: true });
      const run = async () => {
        for await (const _ of strict.batches({ batchSize: 2 }));
      };
      await expect(run()).rejects.toThrow(TricksError);
      await expect(run()).rejects.toThrow(/x\/2\.png/);
      await strict.close();

      await expect(imageFolder(broken, { size: S, decoder, strict: true, verify: 'decode' })).rejects.toThrow(
        /x\/2\.png/,
      );
      const verified = await imageFolder(broken, { size: S, decoder, verify: 'decode', onWarning: () => {} });
      expect(verified.files).toEqual(['x/1.png', 'y/3.png']);
      expect(verified.cache.size).toBe(2); // verification filled the cache
      await verified.close();
    }
  });

  it('WebP decodes with sharp and is reported as unsupported by the pure-JS fallback', async () => {
    const sharp = (await import('sharp')).default;
    const wdir = mkdtempSync(join(tmpdir(), 'tftricks-webp-'));
    mkdirSync(join(wdir, 'w'));
    const px = rgba(10, 'noise');
    writeFileSync(
      join(wdir, 'w', 'a.webp'),
      await sharp(Buffer.from(px), { raw: { width: S, height: S, channels: 4 } })
        .webp({ lossless: true })
        .toBuffer(),
    );
    writeFileSync(join(wdir, 'w', 'b.png'), pngBytes(px));
    try {
      const withSharp = await imageFolder(wdir, { size: S, decoder: 'sharp' });
      expect(Array.from((await withSharp.loadImages([0]))[0]!)).toEqual(channels(px, 3));
      await withSharp.close();
      const warnings: string[] = [];
      const js = await imageFolder(wdir, { size: S, decoder: 'js', onWarning: (m) => warnings.push(m) });
      expect(js.files).toEqual(['w/b.png']);
      expect(warnings[0]).toContain('w/a.webp: is WEBP, which the pngjs/jpeg-js decoder cannot read');
      await js.close();
    } finally {
      rmSync(wdir, { recursive: true, force: true });
    }
  });

  it('shuffles deterministically with an Rng, in the same order as `batches` on toDataset()', async () => {
    const folder = await imageFolder(dir, { size: S, onWarning: () => {} });
    const order = async (seed: number) => {
      const out: number[] = [];
      for await (const b of folder.batches({ batchSize: 3, rng: createRng(seed) })) out.push(...b.indices);
      return out;
    };
    const a = await order(7);
    expect(await order(7)).toEqual(a);
    expect(await order(8)).not.toEqual(a);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const ds = await folder.toDataset();
    expect([...batches(ds, { batchSize: 3, rng: createRng(7) })].flatMap((b) => b.indices)).toEqual(a);
    await folder.close();
  });

  it('stratifiedSplit and kFold work on folder.labels unchanged', async () => {
    const folder = await imageFolder(dir, { size: S, onWarning: () => {} });
    const { train, test } = stratifiedSplit(folder.labels, { testFraction: 0.5, rng: createRng(0) });
    expect([...train, ...test].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const testLabels = new Set(test.map((i) => folder.labels[i]));
    expect(testLabels.size).toBe(3); // every class on the test side
    const fromTest: number[] = [];
    for await (const b of folder.batches({ batchSize: 2, indices: test })) fromTest.push(...b.indices);
    expect(fromTest).toEqual(test);
    const folds = kFold(folder.labels, 2, { stratified: true, rng: createRng(1) });
    expect(folds.flatMap((f) => f.validation).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await folder.close();
  });

  it('bounded memory: numTensors flat over epochs, the LRU never exceeds its capacity', async () => {
    const folder = await imageFolder(dir, { size: S, cache: 3, onWarning: () => {} });
    await expectNoLeaks(async () => {
      for (let epoch = 0; epoch < 3; epoch++) {
        for await (const b of folder.batches({ batchSize: 2, rng: createRng(epoch) })) {
          tf.tidy(() => tf.sum(tf.mul(b.images, 2))).dispose();
          expect(folder.cache.size).toBeLessThanOrEqual(3);
        }
      }
    }, 'imageFolder epochs');
    expect(folder.cache.peakSize).toBe(3);
    expect(folder.cache.evictions).toBeGreaterThan(0);
    await expectNoLeaks(async () => {
      for await (const _ of folder.batches({ batchSize: 2 })) break;
    }, 'imageFolder early break');
    // A second epoch with a big enough cache decodes nothing.
    const cached = await imageFolder(dir, { size: S, onWarning: () => {} });
    for (let epoch = 0; epoch < 2; epoch++) for await (const _ of cached.batches({ batchSize: 4 }));
    expect([cached.cache.misses, cached.cache.hits]).toEqual([7, 7]);
    await Promise.all([folder.close(), cached.close()]);
  });

  it('rejects bad arguments with TricksError naming them', async () => {
    await expect(imageFolder('/nonexistent/folder', { size: S })).rejects.toThrow(
      /imageFolder: argument 'dir'/,
    );
    await expect(imageFolder(dir, { size: 0 })).rejects.toThrow(/options.size/);
    await expect(imageFolder(dir, { size: [4, 2.5] })).rejects.toThrow(/options.size/);
    await expect(imageFolder(dir, { size: S, channels: 2 as 3 })).rejects.toThrow(/options.channels/);
    await expect(imageFolder(dir, { size: S, resize: 'fit' as 'stretch' })).rejects.toThrow(/options.resize/);
    await expect(imageFolder(dir, { size: S, extensions: ['png'] })).rejects.toThrow(
      /options.extensions\[0\]/,
    );
    await expect(imageFolder(dir, { size: S, cache: -1 })).rejects.toThrow(/options.cache/);
    await expect(imageFolder(dir, { size: S, workers: 1.5 })).rejects.toThrow(/options.workers/);
    await expect(imageFolder(dir, { size: S, classNames: ['cat', 'cat'] })).rejects.toThrow(
      /classNames\[1\]/,
    );
    const folder = await imageFolder(dir, { size: S, onWarning: () => {} });
    await expect(folder.loadImages([99])).rejects.toThrow(TricksError);
    const drain = async () => {
      for await (const _ of folder.batches({ batchSize: 2, shuffle: true }));
    };
    await expect(drain()).rejects.toThrow(/imageFolder.batches: argument 'options.rng'/);
    await folder.close();
    // After close() the workers are gone: an error, not every image taken for a corrupt file.
    await expect(folder.loadImages([0])).rejects.toThrow(/close\(\) was called/);
  });
});
