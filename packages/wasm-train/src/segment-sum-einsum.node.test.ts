import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, useWasm } from '../test/cpu-reference';

async function on<T>(backend: string, fn: () => T): Promise<T> {
  const prev = tf.getBackend();
  await tf.setBackend(backend);
  const out = fn();
  await tf.setBackend(prev);
  return out;
}

describe('UnsortedSegmentSum and Einsum on wasm match the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each([
    { shape: [6, 4], ids: [0, 2, 2, 1, 0, 4], k: 5 },
    { shape: [5], ids: [3, 3, 0, 1, 3], k: 4 },
    { shape: [4, 2, 3], ids: [1, 1, 0, -1], k: 3 },
  ])('UnsortedSegmentSum x=$shape k=$k', async ({ shape, ids, k }) => {
    const values = randomValues(
      11,
      shape.reduce((a, b) => a * b, 1),
    );
    const run = () =>
      tf.tidy(() => {
        const out = tf.unsortedSegmentSum(tf.tensor(values, shape), tf.tensor1d(ids, 'int32'), k);
        return { shape: out.shape, values: out.dataSync() as Float32Array };
      });
    const ref = await on('cpu', run);
    // The cpu kernel keeps negative ids; TensorFlow (and wasm-train) drop them.
    const kept = ids.map((i) => (i < 0 ? 0 : 1));
    if (kept.every((v) => v === 1)) {
      const got = await on('wasm', run);
      expect(got.shape).toEqual(ref.shape);
      expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-6);
    }
    const got = await on('wasm', run);
    expect(got.shape).toEqual([k, ...shape.slice(1)]);
    // Closed form: row sums of the ids that fall in [0, k).
    const inner = values.length / ids.length;
    const expected = new Float32Array(k * inner);
    ids.forEach((id, j) => {
      if (id < 0 || id >= k) return;
      for (let i = 0; i < inner; i++)
        expected[id * inner + i] = (expected[id * inner + i] as number) + (values[j * inner + i] as number);
    });
    expect(maxRelativeError(got.values, expected, PARITY)).toBeLessThan(1e-6);
  });

  it('int32 segment sums are exact', () => {
    const out = tf.unsortedSegmentSum(
      tf.tensor1d([1, 2, 3, 4], 'int32'),
      tf.tensor1d([1, 0, 1, 1], 'int32'),
      2,
    );
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([2, 8]);
    out.dispose();
  });

  it('gather gradients (UnsortedSegmentSum) run without leaking', async () => {
    const table = tf.tensor2d(randomValues(12, 12), [4, 3]);
    const g = await expectNoLeaks(
      () => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([0, 3, 3], 'int32'))))(table),
      'gather grad',
    );
    expect(Array.from(g.dataSync())).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2]);
    tf.dispose([table, g]);
  });

  it.each([
    {
      eq: 'bnd,de->bne',
      shapes: [
        [2, 3, 4],
        [4, 5],
      ],
    },
    {
      eq: 'ij,jk->ik',
      shapes: [
        [3, 4],
        [4, 2],
      ],
    },
    {
      eq: 'bhqd,bhkd->bhqk',
      shapes: [
        [2, 2, 3, 4],
        [2, 2, 5, 4],
      ],
    },
    { eq: 'ij->ji', shapes: [[3, 4]] },
    { eq: 'i,i->', shapes: [[5], [5]] },
  ])('Einsum $eq', async ({ eq, shapes }) => {
    const arrays = shapes.map((s, i) =>
      randomValues(
        20 + i,
        s.reduce((a, b) => a * b, 1),
      ),
    );
    const run = () =>
      tf.tidy(() => {
        const out = tf.einsum(eq, ...arrays.map((a, i) => tf.tensor(a, shapes[i])));
        return { shape: out.shape, values: out.dataSync() as Float32Array };
      });
    const ref = await on('cpu', run);
    const got = await expectNoLeaks(() => on('wasm', run), `einsum ${eq}`);
    expect(got.shape).toEqual(ref.shape);
    expect(maxRelativeError(got.values, ref.values, PARITY)).toBeLessThan(1e-5);
  });
});
