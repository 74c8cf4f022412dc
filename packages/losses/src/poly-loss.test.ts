import golden from '@golden/losses/poly.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits';
import { crossEntropy } from './cross-entropy';
import { focalLoss } from './focal-loss';
import { record, tolerance, valueAndGrad, worstSeen } from './golden-support';
import { jsdConsistency } from './jsd-consistency';
import { klDivergence } from './kl-divergence';
import type { Loss } from './loss';
import { type PolyLossOptions, polyLoss } from './poly-loss';
import { softTargetCrossEntropy } from './soft-target-cross-entropy';

interface Case {
  name: string;
  logits: number[];
  targets: number[];
  options: PolyLossOptions;
  value: number | number[];
  grad: number[];
}
const { N, K } = golden;

describe('polyLoss equals the Poly-1 reference formula in torch', () => {
  afterAll(() => console.log('polyLoss max rel err', tf.getBackend(), worstSeen.poly));
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const logits = tf.tensor2d(c.logits, [N, K]);
      const { value, grad } = valueAndGrad((x) => polyLoss(x, c.targets, c.options), logits);
      const ev = maxRelativeError(value, c.value);
      const eg = maxRelativeError(grad, c.grad);
      record('poly', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      logits.dispose();
    });
  }

  it('ε = 0 is cross-entropy; nothing leaks; bad ε is refused', async () => {
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const p = await expectNoLeaks(() => polyLoss(logits, [2, 1], { epsilon: 0, labelSmoothing: 0.1 }));
    const ce = crossEntropy(logits, [2, 1], { labelSmoothing: 0.1 });
    expect(p.dataSync()[0]).toBeCloseTo(ce.dataSync()[0]!, 6);
    expect(() => polyLoss(logits, [2, 1], { epsilon: Number.NaN })).toThrow(
      /polyLoss: argument 'options.epsilon'/,
    );
    tf.dispose([logits, p, ce]);
  });

  it('every logits loss is a Loss, so callers can take any of them', () => {
    const losses: Loss<never>[] = [
      crossEntropy,
      softTargetCrossEntropy,
      binaryCrossEntropyWithLogits,
      focalLoss,
      polyLoss,
    ];
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    for (const loss of losses) {
      const v = loss(logits, [2, 1]);
      expect(v.rank).toBe(0);
      expect(Number.isFinite(v.dataSync()[0])).toBe(true);
      v.dispose();
    }
    // Every one of them refuses NaN logits / targets with a TricksError naming the argument.
    const nan = tf.tensor2d([1, Number.NaN, 3, 0, -1, 5], [2, 3]);
    const nanTargets = tf.tensor2d([0, 0, 1, Number.NaN, 1, 0], [2, 3]);
    for (const loss of losses) {
      expect(() => loss(nan, [2, 1])).toThrow(
        /argument 'logits' expected finite values, got NaN or Infinity/,
      );
      expect(() => loss(logits, nanTargets)).toThrow(/argument 'targets' expected finite values/);
    }
    const lp = tf.logSoftmax(logits) as tf.Tensor2D;
    expect(() => klDivergence(nan, lp)).toThrow(/klDivergence: argument 'input' expected finite values/);
    expect(() => jsdConsistency([logits, nan])).toThrow(
      /jsdConsistency: argument 'logits\[1\]' expected finite values/,
    );
    tf.dispose([logits, nan, nanTargets, lp]);
  });
});
