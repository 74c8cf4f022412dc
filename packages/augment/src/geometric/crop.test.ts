import g from '@golden/augment/geometric.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { crop } from './crop';
import { resizedCrop } from './resized-crop';

const images = () => tf.tensor4d(g.images, g.shape as [number, number, number, number]);

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>, mask?: ArrayLike<number>, channels = 3): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (mask && !mask[Math.floor(i / channels)]) continue;
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
  }
  return m;
}

describe('crop', () => {
  it('matches torchvision F.crop with per-image boxes, zero outside the image (exact)', async () => {
    const x = images();
    const { top, left, height, width } = g.crop;
    const out = await expectNoLeaks(() => crop(x, top, left, height, width), 'crop');
    expect(out.shape).toEqual([3, height, width, 3]);
    expect(Array.from(out.dataSync())).toEqual(Array.from(Float32Array.from(g.crop.out)));
    tf.dispose([x, out]);
  });

  it('a full-image crop is the identity; an in-bounds shared box is a slice', () => {
    const x = images();
    const same = crop(x, 0, 0, 12, 16);
    expect(Array.from(same.dataSync())).toEqual(Array.from(x.dataSync()));
    const part = crop(x, 2, 3, 4, 5);
    const ref = tf.slice(x, [0, 2, 3, 0], [3, 4, 5, 3]);
    expect(Array.from(part.dataSync())).toEqual(Array.from(ref.dataSync()));
    tf.dispose([x, same, part, ref]);
  });

  it('is an exact copy for many random windows, inside and past every border', () => {
    const [n, h, w] = [24, 9, 11];
    const src = Float32Array.from({ length: n * h * w }, (_, i) => ((i * 7919) % 1000) / 999);
    const x = tf.tensor4d(src, [n, h, w, 1]);
    const tops = Array.from({ length: n }, (_, i) => ((i * 5) % 17) - 6);
    const lefts = Array.from({ length: n }, (_, i) => ((i * 7) % 19) - 7);
    const out = crop(x, tops, lefts, 7, 8);
    const got = out.dataSync();
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let y = 0; y < 7; y++) {
        for (let xx = 0; xx < 8; xx++) {
          const sy = tops[i]! + y;
          const sx = lefts[i]! + xx;
          const want = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[(i * h + sy) * w + sx]! : 0;
          expect(got[k++]).toBe(want);
        }
      }
    }
    tf.dispose([x, out]);
  });

  it('in-bounds windows at different column offsets copy the right columns', () => {
    // Exact box coordinates would send tfjs-backend-wasm 4.22 down a row memcpy that ignores
    // the left edge (columns 0..1 instead of 1..2); the crop must not depend on that path.
    const img = tf.tensor4d(
      Array.from({ length: 40 }, (_, i) => i / 64),
      [2, 4, 5, 1],
    );
    const out = crop(img, [0, 1], [1, 3], 3, 2);
    const expected = [1, 2, 6, 7, 11, 12, 28, 29, 33, 34, 38, 39].map((v) => v / 64);
    expect(Array.from(out.dataSync())).toEqual(expected);
    tf.dispose([img, out]);
  });

  it('refuses non-integer offsets and sizes, and wrong per-sample lengths', () => {
    const x = images();
    expect(() => crop(x, 0.5, 0, 4, 4)).toThrow(TricksError);
    expect(() => crop(x, 0, 0, 0, 4)).toThrow(/crop: argument 'height'/);
    expect(() => crop(x, [0, 1], 0, 4, 4)).toThrow(/3 per-sample values/);
    x.dispose();
  });
});

describe('resizedCrop', () => {
  for (const name of ['resized_crop_down', 'resized_crop_up'] as const) {
    it(`matches torchvision resized_crop (antialias=False) on interior pixels: ${name}`, async () => {
      const x = images();
      const c = g[name];
      const out = await expectNoLeaks(
        () => resizedCrop(x, c.boxes, c.size as [number, number], 'bilinear'),
        'resizedCrop',
      );
      expect(out.shape).toEqual([3, c.size[0], c.size[1], 3]);
      const err = maxAbs(out.dataSync(), c.out, c.mask);
      expect(err).toBeLessThanOrEqual(1e-5);
      // Image 1's box is the whole image: border samples clamp to the edge as in torchvision.
      const per = c.size[0]! * c.size[1]! * 3;
      const whole = maxAbs(out.dataSync().slice(per, 2 * per), c.out.slice(per, 2 * per));
      if (name === 'resized_crop_up') expect(whole).toBeLessThanOrEqual(1e-5);
      tf.dispose([x, out]);
    });
  }

  it('the whole image at its own size is the identity', () => {
    const x = images();
    const out = resizedCrop(x, { top: 0, left: 0, height: 12, width: 16 }, [12, 16]);
    expect(maxAbs(out.dataSync(), x.dataSync())).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, out]);
  });

  it('refuses bad boxes and sizes', () => {
    const x = images();
    expect(() => resizedCrop(x, { top: 0, left: 0, height: 0, width: 4 }, 4)).toThrow(/boxes\[0\]\.height/);
    expect(() => resizedCrop(x, [{ top: 0, left: 0, height: 4, width: 4 }], 4)).toThrow(TricksError);
    expect(() => resizedCrop(x, { top: 0, left: 0, height: 4, width: 4 }, 0)).toThrow(/size\[0\]/);
    x.dispose();
  });
});
