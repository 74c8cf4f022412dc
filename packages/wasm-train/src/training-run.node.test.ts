import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@tftricks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../test/cpu-reference';

// A small CNN in plain tfjs-core ops covering every backward kernel of this package:
// conv3×3 (+bias) → ReLU → maxpool2 → depthwise 3×3 stride 2 → conv1×1 → ReLU → dense.
const N = 16;
const S = 14;
const K = 4;

const SHAPES = [[3, 3, 1, 8], [8], [3, 3, 8, 1], [1, 1, 8, 16], [4 * 4 * 16, K], [K]];

/** He-normal weights, zero biases, from a seeded Rng. */
function initialWeights(seed: number): Float32Array[] {
  const rng = createRng(seed);
  return SHAPES.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const fanIn = s.length === 1 ? 1 : n / (s[s.length - 1] as number);
    const a = new Float32Array(n);
    if (s.length > 1) for (let i = 0; i < n; i++) a[i] = rng.normal(0, Math.sqrt(2 / fanIn));
    return a;
  });
}

/** Four classes: a fixed random template per class plus noise, in [0, 1]. */
function dataset(seed: number, count: number): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const templates = Array.from({ length: K }, () =>
    Float32Array.from({ length: S * S }, () => rng.uniform()),
  );
  const x = new Float32Array(count * S * S);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = rng.int(0, K);
    y[i] = k;
    const t = templates[k] as Float32Array;
    for (let p = 0; p < S * S; p++)
      x[i * S * S + p] = Math.min(1, Math.max(0, 0.6 * (t[p] as number) + 0.4 * rng.uniform()));
  }
  return { x, y };
}

function train(steps: number, lr: number): { losses: number[]; tensors: number[] } {
  const vars = initialWeights(7).map((w, i) =>
    tf.tidy(() => tf.variable(tf.tensor(w, SHAPES[i] as number[]))),
  );
  const [w1, b1, wd, w2, wf, bf] = vars as tf.Variable[];
  const data = dataset(3, 64);
  const optimizer = tf.train.adam(lr);
  const losses: number[] = [];
  const tensors: number[] = [];
  for (let step = 0; step < steps; step++) {
    const start = (step * N) % 64;
    const loss = tf.tidy(() => {
      const x = tf.tensor4d(data.x.subarray(start * S * S, (start + N) * S * S), [N, S, S, 1]);
      const y = tf.oneHot(tf.tensor1d(data.y.subarray(start, start + N), 'int32'), K);
      return optimizer.minimize(() => {
        let h = tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1 as tf.Tensor1D)) as tf.Tensor4D;
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.depthwiseConv2d(h, wd as tf.Tensor4D, 2, 'same');
        h = tf.relu(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'valid'));
        const logits = tf.add(
          tf.matMul(tf.reshape(h, [N, 4 * 4 * 16]), wf as tf.Tensor2D),
          bf as tf.Tensor1D,
        );
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      }, true) as tf.Scalar;
    });
    losses.push(loss.dataSync()[0] as number);
    loss.dispose();
    tensors.push(tf.memory().numTensors);
  }
  optimizer.dispose();
  tf.dispose(vars);
  return { losses, tensors };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('training a small CNN on wasm with wasm-train', () => {
  let previous = 'cpu';
  beforeAll(async () => {
    previous = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('200 steps: the loss falls and numTensors stays flat', () => {
    const before = tf.memory().numTensors;
    const { losses, tensors } = train(200, 1e-2);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-20))).toBeLessThan(0.5 * mean(losses.slice(0, 20)));
    // Adam's moments appear on the first step; from then on the count must not move.
    expect(new Set(tensors.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the first steps follow the cpu backend', async () => {
    const wasmLosses = train(5, 1e-2).losses;
    await tf.setBackend('cpu');
    const cpuLosses = train(5, 1e-2).losses;
    await tf.setBackend('wasm');
    for (let i = 0; i < 5; i++)
      expect(Math.abs((wasmLosses[i] as number) - (cpuLosses[i] as number))).toBeLessThan(
        1e-4 * Math.max(1, cpuLosses[i] as number),
      );
  });
});
