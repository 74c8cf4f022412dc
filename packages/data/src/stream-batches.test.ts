import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { batches } from './batches';
import type { ImageDataset } from './image-dataset';
import { prefetch } from './prefetch';
import { type AsyncImageSource, streamBatches } from './stream-batches';

/** n 2×2×1 images, image i filled with i; `bad` indices load as null (failed decode). */
function source(
  n: number,
  bad: number[] = [],
): AsyncImageSource & { requested: number[][]; dataset: ImageDataset } {
  const pixels = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) pixels.fill(i, i * 4, i * 4 + 4);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const requested: number[][] = [];
  return {
    labels,
    numClasses: 3,
    imageShape: [2, 2, 1],
    requested,
    dataset: { pixels, labels, imageShape: [2, 2, 1], numClasses: 3 },
    async loadImages(indices) {
      requested.push(indices);
      await new Promise((r) => setTimeout(r, 1));
      return indices.map((i) => (bad.includes(i) ? null : pixels.slice(i * 4, i * 4 + 4)));
    },
  };
}

describe('streamBatches', () => {
  it('yields the same batches as `batches` for the same seed, scaled to [0, 1] with one-hot targets', async () => {
    const src = source(11);
    const got: number[][] = [];
    for await (const b of streamBatches(src, { batchSize: 4, rng: createRng(5) })) {
      const px = b.images.dataSync();
      const t = b.targets.arraySync();
      b.indices.forEach((j, i) => {
        expect(px[i * 4]).toBeCloseTo(j / 255, 6);
        expect(t[i]![j % 3]).toBe(1);
        expect(b.labels[i]).toBe(j % 3);
      });
      got.push(b.indices);
    }
    const want = [...batches(src.dataset, { batchSize: 4, rng: createRng(5) })].map((b) => b.indices);
    expect(got).toEqual(want);
    expect(got.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });

  it('requests the next batches (prefetch) before handing out the current one', async () => {
    const src = source(12);
    const it = streamBatches(src, { batchSize: 3, prefetch: 2 });
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(src.requested.length).toBe(3); // batch 0 plus two ahead
    await it.return(undefined);
    const none = source(12);
    const it0 = streamBatches(none, { batchSize: 3, prefetch: 0 });
    await it0.next();
    expect(none.requested.length).toBe(1);
    await it0.return(undefined);
  });

  it('leaves images that failed to load out of their batch, and honours indices and dropLast', async () => {
    const src = source(10, [1, 6]);
    const seen: number[] = [];
    for await (const b of streamBatches(src, { batchSize: 4, indices: [0, 1, 2, 6, 7, 8] })) {
      expect(b.images.shape[0]).toBe(b.indices.length);
      seen.push(...b.indices);
    }
    expect(seen).toEqual([0, 2, 7, 8]);
    const kept = [];
    for await (const b of streamBatches(source(10), { batchSize: 4, dropLast: true }))
      kept.push(b.indices.length);
    expect(kept).toEqual([4, 4]);
  });

  it('keeps numTensors flat over an epoch and on early break', async () => {
    const src = source(40);
    await expectNoLeaks(async () => {
      for await (const b of streamBatches(src, { batchSize: 8, rng: createRng(1) }))
        tf.sum(b.images).dispose();
    }, 'streamBatches epoch');
    await expectNoLeaks(async () => {
      for await (const _ of streamBatches(src, { batchSize: 8 })) break;
    }, 'streamBatches early break');
  });

  it('rejects bad options with TricksError', async () => {
    const src = source(4);
    const drain = async (o: Parameters<typeof streamBatches>[1]) => {
      for await (const _ of streamBatches(src, o));
    };
    await expect(drain({ batchSize: 0 })).rejects.toThrow(TricksError);
    await expect(drain({ batchSize: 2, shuffle: true })).rejects.toThrow(/options.rng/);
    await expect(drain({ batchSize: 2, prefetch: -1 })).rejects.toThrow(/options.prefetch/);
    await expect(drain({ batchSize: 2, indices: [4] })).rejects.toThrow(/indices\[0\]/);
  });
});

describe('prefetch', () => {
  it('keeps `depth` items in flight ahead of the consumer and preserves order', async () => {
    let produced = 0;
    async function* count(n: number) {
      for (let i = 0; i < n; i++) {
        produced = i + 1;
        yield i;
      }
    }
    const out: number[] = [];
    const ahead: number[] = [];
    for await (const v of prefetch(count(6), 2)) {
      await new Promise((r) => setTimeout(r, 1));
      ahead.push(produced - 1 - v);
      out.push(v);
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ahead.slice(0, 4)).toEqual([2, 2, 2, 2]); // items v+1, v+2 already produced
  });

  it('hands items produced ahead to onDrop on early break, so manual batches do not leak', async () => {
    const src = source(30);
    await expectNoLeaks(async () => {
      const drop = (b: { images: tf.Tensor; targets: tf.Tensor }) => tf.dispose([b.images, b.targets]);
      for await (const b of prefetch(streamBatches(src, { batchSize: 5, dispose: 'manual' }), 2, drop)) {
        drop(b);
        if (b.indices[0] === 10) break;
      }
    }, 'prefetch early break');
  });

  it('rethrows a failure when the consumer reaches it, and rejects bad arguments', async () => {
    async function* failing() {
      yield 1;
      throw new Error('boom');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of prefetch(failing(), 3)) seen.push(v);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
    await expect(prefetch(failing(), 0).next()).rejects.toThrow(TricksError);
    await expect(prefetch([1, 2] as unknown as AsyncIterable<number>).next()).rejects.toThrow(
      /async iterable/,
    );
  });
});
