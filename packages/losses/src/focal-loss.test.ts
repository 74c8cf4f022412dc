import golden from '@golden/losses/focal.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy';
import { type FocalLossOptions, focalLoss } from './focal-loss';
import { record, tolerance, valueAndGrad, worstSeen } from './golden-support';

interface Case {
  name: string;
  targetKind: 'index' | 'soft' | 'multi-hot';
  logits: number[];
  targets: number[];
  options: FocalLossOptions;
  value: number | number[];
  grad: number[];
}
const { N, K } = golden;

describe('focalLoss equals torchvision sigmoid_focal_loss / softmax focal loss in torch', () => {
  afterAll(() => console.log('focalLoss max rel err', tf.getBackend(), worstSeen.focal));
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const logits = tf.tensor2d(c.logits, [N, K]);
      const targets =
        c.targetKind === 'index' ? tf.tensor1d(c.targets, 'int32') : tf.tensor2d(c.targets, [N, K]);
      const { value, grad } = valueAndGrad((x) => focalLoss(x, targets, c.options), logits);
      const ev = maxRelativeError(value, c.value);
      const eg = maxRelativeError(grad, c.grad);
      record('focal', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      expect(grad.every(Number.isFinite)).toBe(true);
      tf.dispose([logits, targets]);
    });
  }

  it('γ = 0 without α is cross-entropy; nothing leaks', async () => {
    const logits = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const f = await expectNoLeaks(() => focalLoss(logits, [2, 1], { gamma: 0 }));
    const ce = crossEntropy(logits, [2, 1]);
    expect(f.dataSync()[0]).toBeCloseTo(ce.dataSync()[0]!, 6);
    const s = await expectNoLeaks(() => focalLoss(logits, [2, 1], { form: 'sigmoid', reduction: 'none' }));
    expect(s.shape).toEqual([2]);
    tf.dispose([logits, f, ce, s]);
  });

  it('refuses bad options', () => {
    const logits = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => focalLoss(logits, [0, 1], { gamma: -1 })).toThrow(/focalLoss: argument 'options.gamma'/);
    expect(() => focalLoss(logits, [0, 1], { form: 'tanh' as 'softmax' })).toThrow(/options.form/);
    expect(() => focalLoss(logits, [0, 1], { form: 'sigmoid', alpha: [0.1, 0.2, 0.3] })).toThrow(
      /options.alpha/,
    );
    expect(() => focalLoss(logits, [0, 1], { alpha: [0.1, 0.2] })).toThrow(/options.alpha/);
    logits.dispose();
  });
});
