import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { batchCount, batches } from './batches';
import type { ImageDataset } from './image-dataset';

function toy(n: number): ImageDataset {
  const pixels = new Uint8Array(n * 2 * 2);
  for (let i = 0; i < n; i++) pixels.fill(i % 256, i * 4, i * 4 + 4);
  return {
    pixels,
    labels: Uint8Array.from({ length: n }, (_, i) => i % 3),
    imageShape: [2, 2, 1],
    numClasses: 3,
  };
}

describe('batches', () => {
  it('yields every sample once, scaled to [0,1], with matching one-hot targets', () => {
    const ds = toy(10);
    const seen: number[] = [];
    for (const b of batches(ds, { batchSize: 4 })) {
      const px = b.images.dataSync();
      const t = b.targets.arraySync();
      b.indices.forEach((j, i) => {
        expect(px[i * 4]).toBeCloseTo(j / 255, 6);
        expect(t[i]![j % 3]).toBe(1);
        expect(b.labels[i]).toBe(j % 3);
      });
      seen.push(...b.indices);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batchCount(10, 4)).toBe(3);
    expect(batchCount(10, 4, true)).toBe(2);
  });

  it('shuffles deterministically with an Rng and honours dropLast and indices', () => {
    const ds = toy(20);
    const order = (seed: number) =>
      [...batches(ds, { batchSize: 6, rng: createRng(seed), dropLast: true })].flatMap((b) => b.indices);
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
    expect(order(1).length).toBe(18);
    const some = [...batches(ds, { batchSize: 3, indices: [5, 7, 9] })].flatMap((b) => b.indices);
    expect(some).toEqual([5, 7, 9]);
  });

  it('does not leak: each batch is disposed when the loop advances or ends', async () => {
    const ds = toy(50);
    await expectNoLeaks(() => {
      for (const b of batches(ds, { batchSize: 8, rng: createRng(0) })) tf.sum(b.images).dispose();
    }, 'batches full loop');
    await expectNoLeaks(() => {
      for (const _ of batches(ds, { batchSize: 8 })) break;
    }, 'batches early break');
  });

  it('rejects bad options with TricksError', () => {
    const ds = toy(4);
    expect(() => [...batches(ds, { batchSize: 0 })]).toThrow(TricksError);
    expect(() => [...batches(ds, { batchSize: 2, shuffle: true })]).toThrow(/options.rng/);
    expect(() => [...batches({ ...ds, labels: new Uint8Array(3) }, { batchSize: 2 })]).toThrow(/pixels/);
    expect(() => [...batches(ds, { batchSize: 2, indices: [9] })]).toThrow(/indices\[0\]/);
  });
});
