import golden from '@golden/distill/loss.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { distillationLoss } from './distillation-loss';
import { softmaxWithTemperature } from './softmax-with-temperature';

// max |a − b| / max |b|: relative to the tensor's scale, so entries near 0 do not blow it up.
const TENSOR_SCALE = { floor: 1 } as const;

describe('distillationLoss', () => {
  it('equals the PyTorch formula in value and student gradient (≤ 1e-5 relative)', async () => {
    for (const c of golden.cases) {
      const s = tf.tensor2d(c.student);
      const t = tf.tensor2d(c.teacher);
      const opts = { temperature: c.temperature, alpha: c.alpha };
      const loss = await expectNoLeaks(() => distillationLoss(s, t, c.labels, opts));
      expect(
        maxRelativeError([loss.dataSync()[0]!], [c.loss], TENSOR_SCALE),
        `T=${c.temperature} alpha=${c.alpha} loss`,
      ).toBeLessThan(1e-5);
      const g = tf.grad((x: tf.Tensor) => distillationLoss(x as tf.Tensor2D, t, c.labels, opts))(s);
      expect(
        maxRelativeError(g.dataSync(), c.grad.flat(), TENSOR_SCALE),
        `T=${c.temperature} alpha=${c.alpha} grad`,
      ).toBeLessThan(1e-5);
      tf.dispose([s, t, loss, g]);
    }
  });

  it('the T² factor keeps the soft-term gradient scale comparable across temperatures', () => {
    // For large T the soft gradient → (s − t)/(N·K) (Hinton et al. §2.1), independent of T.
    const s = tf.tensor2d([[0.5, -0.2, 0.1, 0.3]]);
    const t = tf.tensor2d([[0.1, 0.4, -0.3, 0.2]]);
    const norms = [5, 20, 80].map((T) => {
      const g = tf.grad((x: tf.Tensor) =>
        distillationLoss(x as tf.Tensor2D, t, null, { temperature: T, alpha: 1 }),
      )(s);
      const n = tf.norm(g).dataSync()[0]!;
      g.dispose();
      return n;
    });
    const closed = tf.norm(tf.div(tf.sub(s, t), 4)).dataSync()[0]!;
    for (const n of norms) expect(Math.abs(n - closed) / closed).toBeLessThan(0.05);
    // Without T² the same gradients would shrink 256-fold between T = 5 and T = 80.
    expect(norms[2]! / norms[0]!).toBeGreaterThan(0.9);
    tf.dispose([s, t]);
  });

  it('alpha = 0 is plain cross-entropy; identical student and teacher give zero soft loss', () => {
    const s = tf.tensor2d([
      [2, 0, -1],
      [0.5, 0.5, 3],
    ]);
    const pure = distillationLoss(s, s, null, { alpha: 1, temperature: 3 });
    expect(Math.abs(pure.dataSync()[0]!)).toBeLessThan(1e-6);
    const hardOnly = distillationLoss(s, tf.zerosLike(s) as tf.Tensor2D, [0, 2], { alpha: 0 });
    const ce =
      -(
        Math.log(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-1))) +
        Math.log(Math.exp(3) / (2 * Math.exp(0.5) + Math.exp(3)))
      ) / 2;
    expect(hardOnly.dataSync()[0]).toBeCloseTo(ce, 5);
    tf.dispose([s, pure, hardOnly]);
  });

  it('rejects bad input with TricksError', () => {
    const s = tf.tensor2d([[1, 2]]);
    const t3 = tf.tensor2d([[1, 2, 3]]);
    const nan = tf.tensor2d([[Number.NaN, 1]]);
    expect(() => distillationLoss(s, t3, [0])).toThrow(/teacherLogits/);
    expect(() => distillationLoss(s, s, [0], { temperature: 0 })).toThrow(TricksError);
    expect(() => distillationLoss(s, s, [0], { alpha: 1.5 })).toThrow(/options.alpha/);
    expect(() => distillationLoss(s, s, null, { alpha: 0.5 })).toThrow(/targets/);
    expect(() => distillationLoss(nan, s, [0])).toThrow(/studentLogits.*NaN/);
    tf.dispose([s, t3, nan]);
  });
});

describe('softmaxWithTemperature', () => {
  it('is softmax(logits / T), rows sum to 1, no leaks', async () => {
    const x = tf.tensor2d([[1, 2, 3]]);
    const p = await expectNoLeaks(() => softmaxWithTemperature(x, 2));
    const e = [Math.exp(0.5), Math.exp(1), Math.exp(1.5)];
    const z = e[0]! + e[1]! + e[2]!;
    expect(Array.from(p.dataSync()).map((v) => +v.toFixed(6))).toEqual(e.map((v) => +(v / z).toFixed(6)));
    expect(() => softmaxWithTemperature(x, -1)).toThrow(TricksError);
    tf.dispose([x, p]);
  });
});
