import golden from '@golden/losses/cross-entropy.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type CrossEntropyOptions, crossEntropy } from './cross-entropy';
import { record, tolerance, valueAndGrad, worstSeen } from './golden-support';
import type { Loss } from './loss';

interface Case {
  name: string;
  targetKind: 'index' | 'soft' | 'onehot';
  logits: number[];
  targets: number[];
  options: CrossEntropyOptions;
  value: number | number[];
  grad: number[];
}
const { N, K } = golden;

describe('crossEntropy equals torch.nn.functional.cross_entropy (values and gradients)', () => {
  afterAll(() => console.log('crossEntropy max rel err', tf.getBackend(), worstSeen.crossEntropy));
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const logits = tf.tensor2d(c.logits, [N, K]);
      // Index targets alternate between an int32 tensor and a plain array.
      const targets =
        c.targetKind === 'index'
          ? c.name.length % 2 === 0
            ? tf.tensor1d(c.targets, 'int32')
            : c.targets
          : tf.tensor2d(c.targets, [N, K]);
      const { value, grad } = valueAndGrad((x) => crossEntropy(x, targets, c.options), logits);
      const ev = maxRelativeError(value, c.value);
      const eg = maxRelativeError(grad, c.grad);
      record('crossEntropy', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      expect(grad.every(Number.isFinite)).toBe(true);
      tf.dispose([logits, targets as tf.Tensor]);
    });
  }
});

describe('crossEntropy contract', () => {
  it('is a Loss, returns Scalar / Tensor1D by reduction and leaks nothing', async () => {
    const loss: Loss<CrossEntropyOptions> = crossEntropy;
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const labels = tf.tensor1d([2, 1], 'int32');
    const s = await expectNoLeaks(() =>
      loss(logits, labels, { labelSmoothing: 0.1, classWeights: [1, 2, 3] }),
    );
    expect(s.rank).toBe(0);
    const v = await expectNoLeaks(() => crossEntropy(logits, [2, 1], { reduction: 'none' }));
    expect(v.shape).toEqual([2]);
    const g = await expectNoLeaks(() =>
      tf.grad((x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, [2, 1]))(logits),
    );
    expect(g.shape).toEqual([2, 3]);
    tf.dispose([logits, labels, s, v, g]);
  });

  it('one-hot rows equal indices without weights; differ in the mean with weights, as in torch', () => {
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const onehot = tf.tensor2d([0, 0, 1, 0, 1, 0], [2, 3]);
    const a = crossEntropy(logits, [2, 1]).dataSync()[0]!;
    const b = crossEntropy(logits, onehot).dataSync()[0]!;
    expect(b).toBeCloseTo(a, 6);
    const w = [1, 2, 3];
    const aw = crossEntropy(logits, [2, 1], { classWeights: w }).dataSync()[0]!;
    const bw = crossEntropy(logits, onehot, { classWeights: w }).dataSync()[0]!;
    // index: Σ w_y·nll / Σ w_y (= /5); probability: Σ w_y·nll / N (= /2).
    expect(bw).toBeCloseTo((aw * 5) / 2, 5);
    tf.dispose([logits, onehot]);
  });

  it('refuses NaN, mismatched N, bad labels and bad options with a TricksError', () => {
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const nan = tf.tensor2d([1, Number.NaN, 3, 0, -1, 5], [2, 3]);
    const soft = tf.tensor2d([0.2, 0.3, 0.5], [1, 3]);
    const softNaN = tf.tensor2d([0.2, Number.NaN, 0.5, 0, 0, 1], [2, 3]);
    const bigLabel = tf.tensor1d([0, 3], 'int32');
    const floatLabels = tf.tensor1d([0, 1]);
    expect(() => crossEntropy(nan, [0, 1])).toThrow(
      "crossEntropy: argument 'logits' expected finite values, got NaN or Infinity",
    );
    expect(() => crossEntropy(logits, softNaN)).toThrow(/argument 'targets' expected finite values/);
    expect(() => crossEntropy(logits, [0, 1, 2])).toThrow(/argument 'targets' expected 2 class indices/);
    expect(() => crossEntropy(logits, soft)).toThrow(
      /argument 'targets' expected probability rows of shape \[2, 3\]/,
    );
    expect(() => crossEntropy(logits, [0, 3])).toThrow(
      /argument 'targets\[1\]' expected an integer class index in \[0, 3\), got 3/,
    );
    expect(() => crossEntropy(logits, bigLabel)).toThrow(
      /class indices in \[0, 3\), got indices in \[0, 3\]/,
    );
    expect(() => crossEntropy(logits, floatLabels)).toThrow(/dtype int32/);
    expect(() => crossEntropy(logits, [0, 1], { labelSmoothing: 1.5 })).toThrow(/options.labelSmoothing/);
    expect(() => crossEntropy(logits, [0, 1], { classWeights: [1, 2] })).toThrow(/options.classWeights/);
    expect(() => crossEntropy(logits, [0, 1], { classWeights: [1, -2, 1] })).toThrow(
      /options.classWeights\[1\]/,
    );
    expect(() => crossEntropy(logits, [0, 1], { reduction: 'avg' as 'mean' })).toThrow(/options.reduction/);
    expect(() => crossEntropy(tf.zeros([2, 3, 1]) as unknown as tf.Tensor2D, [0, 1])).toThrow(TricksError);
    // The opt-out skips the data-dependent checks (NaN then flows through, as requested).
    const out = crossEntropy(nan, [0, 1], { checkFinite: false });
    expect(Number.isNaN(out.dataSync()[0])).toBe(true);
    tf.dispose([logits, nan, soft, softNaN, bigLabel, floatLabels, out]);
  });
});
