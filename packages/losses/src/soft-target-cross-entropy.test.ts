import golden from '@golden/losses/soft-target-cross-entropy.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { record, tolerance, valueAndGrad, worstSeen } from './golden-support';
import { type SoftTargetCrossEntropyOptions, softTargetCrossEntropy } from './soft-target-cross-entropy';

interface Case {
  name: string;
  logits: number[];
  targets: number[];
  options: SoftTargetCrossEntropyOptions;
  value: number | number[];
  grad: number[];
}
const { N, K } = golden;

describe("softTargetCrossEntropy equals timm's SoftTargetCrossEntropy", () => {
  afterAll(() =>
    console.log('softTargetCrossEntropy max rel err', tf.getBackend(), worstSeen.softTargetCrossEntropy),
  );
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const logits = tf.tensor2d(c.logits, [N, K]);
      const targets = tf.tensor2d(c.targets, [N, K]);
      const { value, grad } = valueAndGrad((x) => softTargetCrossEntropy(x, targets, c.options), logits);
      const ev = maxRelativeError(value, c.value);
      const eg = maxRelativeError(grad, c.grad);
      record('softTargetCrossEntropy', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      tf.dispose([logits, targets]);
    });
  }

  it('leaks nothing, accepts indices as one-hot, refuses NaN targets', async () => {
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const onehot = tf.tensor2d([0, 0, 1, 0, 1, 0], [2, 3]);
    const a = await expectNoLeaks(() => softTargetCrossEntropy(logits, onehot));
    const b = await expectNoLeaks(() => softTargetCrossEntropy(logits, [2, 1]));
    expect(b.dataSync()[0]).toBeCloseTo(a.dataSync()[0]!, 6);
    const bad = tf.tensor2d([0, Number.NaN, 1, 0, 1, 0], [2, 3]);
    expect(() => softTargetCrossEntropy(logits, bad)).toThrow(
      /softTargetCrossEntropy: argument 'targets' expected finite values/,
    );
    tf.dispose([logits, onehot, a, b, bad]);
  });
});
