import golden from '@golden/losses/kl.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { record, tolerance, valueAndGrad, worstSeen } from './golden-support';
import { type KlDivergenceOptions, klDivergence } from './kl-divergence';

interface Case {
  name: string;
  input: number[];
  targets: number[];
  options: KlDivergenceOptions;
  value: number | number[];
  grad: number[];
}
const { N, K } = golden;

describe('klDivergence equals F.kl_div', () => {
  afterAll(() => console.log('klDivergence max rel err', tf.getBackend(), worstSeen.kl));
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const input = tf.tensor2d(c.input, [N, K]);
      const targets = tf.tensor2d(c.targets, [N, K]);
      const { value, grad } = valueAndGrad((x) => klDivergence(x, targets, c.options), input);
      const ev = maxRelativeError(value, c.value);
      const eg = maxRelativeError(grad, c.grad);
      record('kl', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      tf.dispose([input, targets]);
    });
  }

  it("'batchmean' is the mean of the per-sample KL and K times PyTorch's 'mean'; nothing leaks", async () => {
    const input = tf.logSoftmax(tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3])) as tf.Tensor2D;
    const t = tf.tensor2d([0.2, 0.3, 0.5, 0, 0.5, 0.5], [2, 3]);
    const bm = await expectNoLeaks(() => klDivergence(input, t));
    const none = await expectNoLeaks(() => klDivergence(input, t, { reduction: 'none' }));
    const mean = klDivergence(input, t, { reduction: 'mean' });
    const [a, b, c] = [bm.dataSync()[0]!, none.dataSync(), mean.dataSync()[0]!];
    expect(a).toBeCloseTo((b[0]! + b[1]!) / 2, 6);
    expect(a).toBeCloseTo(3 * c, 6);
    expect(() => klDivergence(input, tf.keep(tf.ones([3, 3])) as tf.Tensor2D)).toThrow(
      /klDivergence: argument 'targets' expected shape \[2, 3\]/,
    );
    expect(() => klDivergence(input, t, { logTarget: true })).toThrow(/log-probabilities/);
    tf.dispose([input, t, bm, none, mean]);
  });
});
