import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';

/** The cpu backend's DenseBincount, written out: counts (or weight sums, or 0/1) per row. */
function reference(x: number[][], size: number, w: number[][] | null, binary: boolean): number[] {
  const out: number[] = [];
  x.forEach((row, r) => {
    const bins = new Array<number>(size).fill(0);
    row.forEach((v, i) => {
      if (v < size) bins[v] = binary ? 1 : (bins[v] as number) + (w ? (w[r]?.[i] as number) : 1);
    });
    out.push(...bins);
  });
  return out;
}

const rng = createRng(5);
const rows = (n: number, cols: number, hi: number) =>
  Array.from({ length: n }, () => Array.from({ length: cols }, () => rng.int(0, hi)));

// On webgpu this exercises @tftricks/webgpu-train's kernel (stock 4.22 fails the rank-2 and
// int-weight cases); on cpu / wasm / WebGL the same numbers hold for their own kernels.
describe.runIf(tf.getBackend() !== 'wasm')('tf.denseBincount (webgpu-train kernel on webgpu)', () => {
  it('rank 2 with size ≠ row length: each row its own histogram (equalize, 256 levels)', async () => {
    const x = rows(6, 1024, 256);
    const xt = tf.tensor2d(x, [6, 1024], 'int32');
    const y = await expectNoLeaks(() => tf.denseBincount(xt, [], 256), 'denseBincount');
    expect(y.shape).toEqual([6, 256]);
    expect(Array.from(await y.data())).toEqual(reference(x, 256, null, false));
    tf.dispose([xt, y]);
  });

  it('int32 and float32 weights, values ≥ size ignored, binary output', async () => {
    const x = rows(3, 50, 12);
    const wi = rows(3, 50, 5);
    const wf = wi.map((r) => r.map((v) => v / 4));
    const xt = tf.tensor2d(x, [3, 50], 'int32');
    const yi = tf.denseBincount(xt, tf.tensor2d(wi, [3, 50], 'int32'), 10);
    const yf = tf.denseBincount(xt, tf.tensor2d(wf, [3, 50], 'float32'), 10);
    const yb = tf.denseBincount(xt, [], 10, true);
    expect(yi.dtype).toBe('int32');
    expect(Array.from(await yi.data())).toEqual(reference(x, 10, wi, false));
    const f = await yf.data();
    reference(x, 10, wf, false).forEach((v, i) => expect(f[i]).toBeCloseTo(v, 5));
    expect(Array.from(await yb.data())).toEqual(reference(x, 10, null, true));
    const x1 = x[0] as number[];
    const y1 = tf.denseBincount(tf.tensor1d(x1, 'int32'), tf.tensor1d(wi[0] as number[], 'int32'), 12);
    expect(Array.from(await y1.data())).toEqual(reference([x1], 12, [wi[0] as number[]], false));
    tf.dispose([xt, yi, yf, yb, y1]);
  });
});
