import golden from '@golden/losses/bce.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BinaryCrossEntropyWithLogitsOptions,
  binaryCrossEntropyWithLogits,
} from './binary-cross-entropy-with-logits';
import { record, tolerance, valueAndGrad, worstSeen } from './golden-support';

interface Case {
  name: string;
  logits: number[];
  targets: number[];
  options: BinaryCrossEntropyWithLogitsOptions;
  value: number | number[];
  grad: number[];
}
const { N, K } = golden;

describe('binaryCrossEntropyWithLogits equals BCEWithLogitsLoss on smoothed targets', () => {
  afterAll(() => console.log('binaryCrossEntropyWithLogits max rel err', tf.getBackend(), worstSeen.bce));
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const logits = tf.tensor2d(c.logits, [N, K]);
      const targets = tf.tensor2d(c.targets, [N, K]);
      const { value, grad } = valueAndGrad(
        (x) => binaryCrossEntropyWithLogits(x, targets, c.options),
        logits,
      );
      const ev = maxRelativeError(value, c.value);
      const eg = maxRelativeError(grad, c.grad);
      record('bce', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      expect(grad.every(Number.isFinite)).toBe(true);
      tf.dispose([logits, targets]);
    });
  }

  it('gradient at logit 0 is exactly σ(0) − t (no kink from |x|), and nothing leaks', async () => {
    const logits = tf.zeros([1, 2]) as tf.Tensor2D;
    const targets = tf.tensor2d([[1, 0]]);
    const g = await expectNoLeaks(() =>
      tf.grad((x: tf.Tensor) =>
        binaryCrossEntropyWithLogits(x as tf.Tensor2D, targets, { reduction: 'sum' }),
      )(logits),
    );
    expect(Array.from(g.dataSync())).toEqual([-0.5, 0.5]);
    const weight = tf.tensor1d([1, 3]);
    const perSample = await expectNoLeaks(() =>
      binaryCrossEntropyWithLogits(logits, [0], { reduction: 'none', posWeight: [2, 1], weight }),
    );
    expect(perSample.shape).toEqual([1]);
    expect(perSample.dataSync()[0]).toBeCloseTo(((2 + 3) * Math.log(2)) / 2, 6);
    tf.dispose([logits, targets, g, perSample, weight]);
  });

  it('refuses bad options', () => {
    const logits = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => binaryCrossEntropyWithLogits(logits, [0, 1], { smoothing: -0.1 })).toThrow(
      /options.smoothing/,
    );
    expect(() => binaryCrossEntropyWithLogits(logits, [0, 1], { posWeight: [1, 2] })).toThrow(
      /options.posWeight/,
    );
    expect(() => binaryCrossEntropyWithLogits(logits, [0, 1], { weight: [1, 2, Number.NaN] })).toThrow(
      /options.weight\[2\]/,
    );
    expect(() => binaryCrossEntropyWithLogits(logits, [0])).toThrow(
      /argument 'targets' expected 2 class indices/,
    );
    logits.dispose();
  });
});
