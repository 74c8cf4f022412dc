import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { adamw } from './adamw';
import { multiSteps } from './multi-steps';
import { TricksOptimizer } from './tricks-optimizer';

// A linear model y = x·w + b with a mean-squared loss: the mean of k mini-batch gradients is
// exactly the gradient of the k·B batch, so k accumulated steps equal one big step.
const B = 4;
const K = 3;
const xs = Float32Array.from({ length: K * B * 3 }, (_, i) => Math.sin(0.7 * i + 0.1));
const ys = Float32Array.from({ length: K * B }, (_, i) => Math.cos(0.3 * i));

let id = 0;
function makeVars() {
  id++;
  return {
    w: tf.variable(tf.tensor2d([0.1, -0.2, 0.3], [3, 1]), true, `ms${id}/w`),
    b: tf.variable(tf.tensor1d([0.05]), true, `ms${id}/b`),
  };
}

function lossFn(v: { w: tf.Variable; b: tf.Variable }, from: number, n: number) {
  return () => {
    const x = tf.tensor2d(xs.subarray(from * 3, (from + n) * 3), [n, 3]);
    const y = tf.tensor2d(ys.subarray(from, from + n), [n, 1]);
    return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, v.w), v.b), y))) as tf.Scalar;
  };
}

const schedule = (t: number) => 0.1 / (1 + t);
const made: tf.Variable[] = [];
afterEach(() => {
  tf.dispose(made.splice(0));
});

describe('multiSteps', () => {
  it('k mini-batches of B equal one batch of k·B for a linear model, and the schedule advances once', () => {
    const big = makeVars();
    const acc = makeVars();
    made.push(big.w, big.b, acc.w, acc.b);
    const optBig = new TricksOptimizer(adamw({ learningRate: schedule, weightDecay: 0.1 }));
    const optAcc = new TricksOptimizer(multiSteps(adamw({ learningRate: schedule, weightDecay: 0.1 }), K));
    for (let round = 0; round < 2; round++) {
      optBig.minimize(lossFn(big, 0, K * B));
      for (let j = 0; j < K; j++) {
        const before = acc.w.dataSync().slice();
        optAcc.minimize(lossFn(acc, j * B, B));
        // Between real updates the weights do not move at all.
        if (j < K - 1) expect(acc.w.dataSync()).toEqual(before);
      }
      expect(optAcc.step).toBe(round + 1);
      expect(optAcc.iterations).toBe(K * (round + 1));
      const a = [...acc.w.dataSync(), ...acc.b.dataSync()];
      const e = [...big.w.dataSync(), ...big.b.dataSync()];
      for (let i = 0; i < a.length; i++)
        expect(Math.abs(a[i]! - e[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(e[i]!)));
    }
    expect(optAcc.learningRate).toBeCloseTo(schedule(2), 12);
    optBig.dispose();
    optAcc.dispose();
  });
});
