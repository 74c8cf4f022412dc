import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCaseValues, onBoth, readTensor as read, useWasm } from '../test/cpu-reference';

/** Values on a grid of 1/8 in [-1, 1] with NaN, −0 and 0 (edgeCaseValues). */
const values = (seed: number, n: number) => edgeCaseValues(seed, n, 8);

describe('broadcast Tile and the Mean / Sum gradients on wasm', () => {
  let before = '';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  it.each([
    [
      [2, 1, 1, 3],
      [1, 4, 5, 1],
    ],
    [
      [1, 8],
      [6, 1],
    ],
    [
      [3, 1],
      [1, 7],
    ],
    [
      [64, 1, 1, 32],
      [1, 14, 14, 1],
    ],
    // Not broadcasts, or not float32: the stock kernel.
    [
      [2, 3],
      [2, 2],
    ],
    [
      [2, 1, 3],
      [2, 4, 1],
    ],
  ])('Tile %j × %j equals the cpu backend bit for bit', async (shape, reps) => {
    const make = () => tf.tensor(values(3, tf.util.sizeFromShape(shape)), shape);
    const [wasm, cpu] = await onBoth(() => read(tf.tile(make(), reps)));
    expect(wasm).toEqual(cpu);
    const [wi, ci] = await onBoth(() => read(tf.tile(tf.tensor([1, 2, 3], [3, 1], 'int32'), [1, 2])));
    expect(wi).toEqual(ci);
  });

  it.each([
    ['mean', [4, 5, 6, 8], [1, 2], true],
    ['mean', [4, 5, 6, 8], [1, 2], false],
    ['mean', [4, 5, 6, 8], null, false],
    ['mean', [4, 5, 6, 8], [0, 1, 2], false],
    ['sum', [4, 5, 6, 8], [1, 2], true],
    ['sum', [4, 5, 6, 8], [3], false],
    ['sum', [64, 14, 14, 32], [1, 2], true],
  ] as const)(
    '%s over %j, axes %j (keepDims %s): the gradient is one Tile, bit for bit cpu',
    async (op, shape, axes, keep) => {
      const f = op === 'mean' ? tf.mean : tf.sum;
      const dims = [...shape];
      const axis = axes === null ? undefined : [...axes];
      const grad = async () => {
        const x = tf.tensor(values(5, tf.util.sizeFromShape(dims)), dims);
        const dyShape = f(x, axis, keep).shape;
        const dy = tf.tensor(values(6, tf.util.sizeFromShape(dyShape)), dyShape);
        let dx: tf.Tensor | undefined;
        const profile = await tf.profile(() => {
          dx = tf.grad((t: tf.Tensor) => f(t, axis, keep))(x, dy);
        });
        tf.dispose([x, dy]);
        return { dx: read(dx as tf.Tensor), kernels: profile.kernels.map((k) => k.name) };
      };
      await tf.setBackend('cpu');
      const want = await grad();
      await tf.setBackend('wasm');
      const got = await grad();
      expect(got.dx).toEqual(want.dx);
      expect(got.kernels).toContain('Tile');
      expect(got.kernels.filter((k) => k === 'Fill' || k === 'Multiply')).toEqual([]);
      expect(want.kernels).toContain('Multiply');
    },
  );

  it('leaks no tensor over repeated gradients', () => {
    const x = tf.tensor(values(7, 2 * 3 * 4 * 5), [2, 3, 4, 5]);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.grad((t: tf.Tensor) => tf.sum(tf.mean(t, [1, 2], true)))(x).dispose();
    expect(tf.memory().numTensors).toBe(start);
    x.dispose();
  });
});
