import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCaseValues, onBoth, randomValues, readTensor as read, useWasm } from '../test/cpu-reference';
import { broadcastOver } from './binary-arithmetic';
import { addressOf, kernelRuntime } from './kernel-runtime';

/** Values in [-2, 2] with zeros (÷ 0 → ±∞, 0 ÷ 0 → NaN), −0 and NaN: every op's edge cases. */
const values = (seed: number, n: number) => edgeCaseValues(seed, n, 8).map((x) => x * 2);

const OPS = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div } as const;

/** Pairs of operand shapes: same shape, scalars, per-channel, SE gates, per-row; and stock cases. */
const PAIRS: [number[], number[]][] = [
  [[37], [37]],
  [[2, 5, 5, 8], []],
  [[], [2, 5, 5, 8]],
  [[2, 5, 5, 8], [8]],
  [
    [1, 1, 8],
    [2, 5, 5, 8],
  ],
  [
    [4, 6, 6, 12],
    [4, 1, 1, 12],
  ],
  [
    [4, 1, 1, 12],
    [4, 6, 6, 12],
  ],
  [
    [6, 7],
    [6, 1],
  ],
  [
    [1, 7],
    [6, 7],
  ],
  // Rows of 33 across the 16,384-element chunks the threads take; SE gates at a batch of 64.
  [[64, 16, 33], [33]],
  [
    [64, 14, 14, 32],
    [64, 1, 1, 32],
  ],
  [
    [64, 14, 14, 32],
    [64, 14, 14, 32],
  ],
  // Left to the stock kernel: two broadcast runs, both operands broadcast.
  [
    [3, 4, 5, 3],
    [1, 4, 1, 3],
  ],
  [
    [3, 1, 5],
    [1, 4, 1],
  ],
];

describe('broadcastOver: the one-run broadcasts the C kernel takes', () => {
  it.each([
    [[4, 6, 6, 12], [4, 1, 1, 12], { mode: 2, mid: 36, inner: 12 }],
    [[2, 5, 5, 8], [8], { mode: 2, mid: 50, inner: 8 }],
    [[6, 7], [6, 1], { mode: 2, mid: 7, inner: 1 }],
    [[2, 1, 3, 4], [2, 1, 1, 4], { mode: 2, mid: 3, inner: 4 }],
    [[5, 1, 3], [1, 1, 1], { mode: 1, mid: 1, inner: 1 }],
    [[5, 3], [1, 5, 3], { mode: 0, mid: 1, inner: 1 }],
    [[3, 4, 5, 3], [1, 4, 1, 3], undefined],
    [[3, 4], [2, 4], undefined],
  ])('%j over %j', (big, small, want) => {
    expect(broadcastOver(big, small)).toEqual(want);
  });
});

describe('Add, Sub, Multiply, RealDiv on wasm (C, threads) equal the cpu backend’s, bit for bit', () => {
  let before = 'cpu';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  it.each(PAIRS.map(([a, b], i) => ({ a, b, i })))('$a with $b', async ({ a, b, i }) => {
    const [got, ref] = await onBoth(() => {
      const x = tf.tensor(values(2 * i + 1, tf.util.sizeFromShape(a)), a);
      const y = tf.tensor(values(2 * i + 2, tf.util.sizeFromShape(b)), b);
      const start = tf.memory().numTensors;
      const r = Object.values(OPS).map((op) => read(op(x, y)));
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose([x, y]);
      return r;
    });
    expect(got).toEqual(ref);
  });

  it('the C kernel itself (arith_f32, every op code and mode) gives the cpu backend’s numbers', async () => {
    // Called directly, so that a dispatch that fell back to the stock kernel could not hide it.
    const big = values(31, 40 * 9 * 12);
    const cases = [
      { small: values(32, big.length), shape: [40, 9, 12], mode: 0, mid: 1, inner: 1 },
      { small: new Float32Array([0.75]), shape: [], mode: 1, mid: 1, inner: 1 },
      { small: values(33, 40 * 12), shape: [40, 1, 12], mode: 2, mid: 9, inner: 12 },
      { small: values(34, 40), shape: [40, 1, 1], mode: 2, mid: 108, inner: 1 },
    ];
    const jsOps = [
      tf.add,
      tf.sub,
      (p: tf.Tensor, q: tf.Tensor) => tf.sub(q, p),
      tf.mul,
      tf.div,
      (p: tf.Tensor, q: tf.Tensor) => tf.div(q, p),
    ];
    await tf.setBackend('cpu');
    const want = cases.map((c) =>
      jsOps.map((op) =>
        tf.tidy(() => Array.from(op(tf.tensor3d(big, [40, 9, 12]), tf.tensor(c.small, c.shape)).dataSync())),
      ),
    );
    await tf.setBackend('wasm');
    const backend = tf.backend() as never;
    const rt = kernelRuntime(backend);
    expect(rt).toBeDefined();
    const a = tf.tensor3d(big, [40, 9, 12]);
    const out = tf.zeros([40, 9, 12]);
    cases.forEach((c, k) => {
      const b = tf.tensor(c.small, c.shape);
      for (let op = 0; op < 6; op++) {
        rt!.exports.arith_f32(
          rt!.pool,
          op,
          addressOf(backend, a),
          addressOf(backend, b),
          addressOf(backend, out),
          big.length,
          c.mode,
          c.mid,
          c.inner,
        );
        expect(Array.from(out.dataSync()), `case ${k}, op ${op}`).toEqual(want[k]![op]);
      }
      b.dispose();
    });
    tf.dispose([a, out]);
  });

  it('int32 operands take the stock kernels', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.tensor1d([7, -3, 0, 12, 5], 'int32');
      const y = tf.tensor1d([2, 2, 5, -4, 1], 'int32');
      const r = [read(tf.add(x, y)), read(tf.sub(y, x)), read(tf.mul(x, y))];
      tf.dispose([x, y]);
      return r;
    });
    expect(got).toEqual(ref);
    expect(got[0]!.dtype).toBe('int32');
  });

  it('the gradient of an SE gate (x · g over H, W) equals the cpu backend’s', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.tensor4d(randomValues(41, 3 * 5 * 5 * 8), [3, 5, 5, 8]);
      const g = tf.tensor4d(randomValues(42, 3 * 8), [3, 1, 1, 8]);
      const [dx, dg] = tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(tf.square(tf.sub(tf.mul(u, v), 0.5))))(
        [x, g],
      );
      const r = [read(dx as tf.Tensor), Array.from((dg as tf.Tensor).dataSync())];
      tf.dispose([x, g, dg as tf.Tensor]);
      return r;
    });
    expect(got[0]).toEqual(ref[0]);
    // dg sums over H, W: the wasm Sum adds in another order than cpu's.
    (got[1] as number[]).forEach((v, k) => expect(v).toBeCloseTo((ref[1] as number[])[k] as number, 4));
  });
});
