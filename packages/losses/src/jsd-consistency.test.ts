import golden from '@golden/losses/jsd.json';
import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { record, tolerance, worstSeen } from './golden-support';
import { jsdConsistency } from './jsd-consistency';

interface Case {
  name: string;
  logits: number[][];
  options: { weight: number };
  value: number;
  grad: number[][] | null;
}
const { N, K } = golden;

describe('jsdConsistency equals the AugMix reference JSD term', () => {
  afterAll(() => console.log('jsdConsistency max rel err', tf.getBackend(), worstSeen.jsd));
  for (const c of golden.cases as Case[]) {
    it(c.name, () => {
      const views = c.logits.map((l) => tf.tensor2d(l, [N, K]));
      const value = jsdConsistency(views, c.options);
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
        jsdConsistency([a, b, d] as tf.Tensor2D[], c.options),
      )(views);
      const ev = maxRelativeError(value.dataSync(), c.value);
      // null: torch's reference gradient is NaN there (see the golden script); ours must be finite.
      const eg =
        c.grad === null ? 0 : Math.max(...grads.map((g, i) => maxRelativeError(g.dataSync(), c.grad![i]!)));
      record('jsd', ev, eg);
      expect(ev).toBeLessThanOrEqual(tolerance());
      expect(eg).toBeLessThanOrEqual(tolerance());
      expect(grads.every((g) => g.dataSync().every(Number.isFinite))).toBe(true);
      tf.dispose([...views, value, ...grads]);
    });
  }

  it('is 0 for identical views, per-sample with none, and leaks nothing', async () => {
    const x = tf.tensor2d([1, 2, 3, 0, -1, 5], [2, 3]);
    const zero = await expectNoLeaks(() => jsdConsistency([x, x, x]));
    expect(Math.abs(zero.dataSync()[0]!)).toBeLessThan(1e-6);
    const negX = tf.neg(x) as tf.Tensor2D;
    const none = await expectNoLeaks(() => jsdConsistency([x, negX], { reduction: 'none', weight: 1 }));
    expect(none.shape).toEqual([2]);
    // The JS divergence of two distributions is at most log 2.
    expect(Math.max(...none.dataSync())).toBeLessThanOrEqual(Math.log(2));
    expect(() => jsdConsistency([x])).toThrow(
      /jsdConsistency: argument 'logits' expected an array of at least 2/,
    );
    const y = tf.zeros([3, 3]) as tf.Tensor2D;
    expect(() => jsdConsistency([x, y])).toThrow(/argument 'logits\[1\]' expected shape \[2, 3\]/);
    tf.dispose([x, y, negX, zero, none]);
  });
});
