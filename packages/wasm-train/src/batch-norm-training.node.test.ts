import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { maxRelativeError } from '@tftricks/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues, useWasm } from '../test/cpu-reference';
import { fusedBatchNormActive } from './batch-norm-training';
import { batchNormTraining, restoreStockBatchNorm, useFusedBatchNorm } from './index';

type Arrays = Record<'y' | 'mean' | 'variance' | 'dx' | 'dgamma' | 'dbeta', Float32Array>;

interface Case {
  shape: number[];
  seed: number;
}

function inputs({ shape, seed }: Case) {
  const c = shape[shape.length - 1] as number;
  const size = shape.reduce((a, b) => a * b, 1);
  // An offset mean and a spread scale, as real activations have.
  const x = randomValues(seed, size).map((v, i) => 0.7 * v + 0.3 * ((i % c) - c / 2));
  return {
    x,
    gamma: randomValues(seed + 1, c).map((v) => 1 + 0.5 * v),
    beta: randomValues(seed + 2, c),
    dy: randomValues(seed + 3, size),
    c,
  };
}

/** The stock composition tfjs-layers uses: tf.moments + tf.batchNorm, differentiated by tfjs. */
function stock(k: Case, epsilon: number): Arrays {
  const v = inputs(k);
  return tf.tidy(() => {
    const x = tf.tensor(v.x, k.shape);
    const gamma = tf.tensor1d(v.gamma);
    const beta = tf.tensor1d(v.beta);
    const dy = tf.tensor(v.dy, k.shape);
    const axes = k.shape.slice(0, -1).map((_, i) => i);
    const f = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, axes);
      return tf.batchNorm(xx, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, epsilon);
    };
    const { mean, variance } = tf.moments(x, axes);
    const [dx, dgamma, dbeta] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => f(a, b, c))(
      [x, gamma, beta],
      dy,
    );
    return read({ y: f(x, gamma, beta), mean, variance, dx, dgamma, dbeta } as Record<
      keyof Arrays,
      tf.Tensor
    >);
  });
}

function fused(k: Case, epsilon: number): Arrays {
  const v = inputs(k);
  return tf.tidy(() => {
    const x = tf.tensor(v.x, k.shape);
    const gamma = tf.tensor1d(v.gamma);
    const beta = tf.tensor1d(v.beta);
    const dy = tf.tensor(v.dy, k.shape);
    const { y, mean, variance } = batchNormTraining(x, gamma, beta, epsilon);
    const [dx, dgamma, dbeta] = tf.grads(
      (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        batchNormTraining(a, b as tf.Tensor1D, c as tf.Tensor1D, epsilon).y,
    )([x, gamma, beta], dy);
    return read({ y, mean, variance, dx, dgamma, dbeta } as Record<keyof Arrays, tf.Tensor>);
  });
}

function read(t: Record<keyof Arrays, tf.Tensor>): Arrays {
  const out = {} as Arrays;
  for (const [k, v] of Object.entries(t)) out[k as keyof Arrays] = v.dataSync() as Float32Array;
  return out;
}

const CASES: Case[] = [
  { shape: [1, 3, 3, 1], seed: 1 },
  { shape: [128, 5, 5, 3], seed: 2 },
  { shape: [2, 7, 9, 16], seed: 3 },
  { shape: [3, 5, 5, 33], seed: 4 },
  { shape: [128, 4, 4, 16], seed: 5 },
  { shape: [2, 3, 3, 128], seed: 6 },
  { shape: [37, 33], seed: 7 },
];

describe('batchNormTraining', () => {
  let before = 'cpu';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    await tf.setBackend(before);
  });

  it('runs the fused C kernels on wasm', () => {
    expect(fusedBatchNormActive()).toBe(true);
  });

  it.each(CASES)('equals the stock composition on cpu (forward and gradient, ≤ 1e-5), $shape', async (k) => {
    await tf.setBackend('cpu');
    const ref = stock(k, 1e-3);
    const composite = fused(k, 1e-3);
    await tf.setBackend('wasm');
    const got = fused(k, 1e-3);
    for (const key of Object.keys(ref) as (keyof Arrays)[]) {
      expect(maxRelativeError(got[key], ref[key], PARITY), `wasm ${key}`).toBeLessThan(1e-5);
      expect(maxRelativeError(composite[key], ref[key], PARITY), `cpu composite ${key}`).toBeLessThan(1e-5);
    }
  });
});

/** conv → BatchNorm → ReLU → global pool → dense, in tfjs-layers. */
function smallModel(): tfl.LayersModel {
  const inp = tfl.input({ shape: [6, 6, 3] });
  let h = tfl.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
    })
    .apply(inp) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.reLU().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers
    .dense({ units: 4, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) })
    .apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: inp, outputs: h });
}

interface LayerRun {
  out: Float32Array;
  grads: Float32Array[];
  weights: Float32Array[];
}

/** One training-mode forward, the gradient of a loss and the weights after (moving stats). */
function layerRun(model: tfl.LayersModel, start: tf.Tensor[], x: tf.Tensor, training: boolean): LayerRun {
  model.setWeights(start);
  return tf.tidy(() => {
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const out = model.apply(x, { training }) as tf.Tensor;
    const { grads } = tf.variableGrads(
      () => tf.mean(tf.square(model.apply(x, { training }) as tf.Tensor)) as tf.Scalar,
      vars,
    );
    return {
      out: out.dataSync() as Float32Array,
      grads: vars.map((v) => grads[v.name]!.dataSync() as Float32Array),
      weights: model.getWeights().map((w) => w.dataSync() as Float32Array),
    };
  });
}

function expectClose(a: LayerRun, b: LayerRun, tol: number): void {
  expect(maxRelativeError(a.out, b.out, PARITY)).toBeLessThan(tol);
  a.grads.forEach((g, i) => expect(maxRelativeError(g, b.grads[i]!, PARITY), `grad ${i}`).toBeLessThan(tol));
  a.weights.forEach((w, i) =>
    expect(maxRelativeError(w, b.weights[i]!, PARITY), `weight ${i}`).toBeLessThan(tol),
  );
}

describe('useFusedBatchNorm (tfjs-layers BatchNormalization in training mode)', () => {
  let before = 'cpu';
  beforeAll(async () => {
    before = await useWasm();
  });
  afterAll(async () => {
    useFusedBatchNorm();
    await tf.setBackend(before);
  });

  const x = () => tf.tensor(inputs({ shape: [16, 6, 6, 3], seed: 11 }).x, [16, 6, 6, 3]);

  it.each(['wasm', 'cpu'])(
    'gives the stock layer’s outputs, gradients and moving statistics on %s',
    async (backend) => {
      await tf.setBackend(backend);
      const model = smallModel();
      const start = model.getWeights().map((w) => w.clone());
      const input = x();
      restoreStockBatchNorm();
      const ref = layerRun(model, start, input, true);
      // wasm takes the fused kernels by default; cpu only with backends: 'all' (the composite).
      expect(useFusedBatchNorm(backend === 'cpu' ? { backends: 'all' } : {})).toBe(true);
      const got = layerRun(model, start, input, true);
      expectClose(got, ref, 1e-5);
      // Inference mode keeps the stock code: bit-identical.
      restoreStockBatchNorm();
      const inferRef = layerRun(model, start, input, false);
      useFusedBatchNorm(backend === 'cpu' ? { backends: 'all' } : {});
      const infer = layerRun(model, start, input, false);
      expect(Array.from(infer.out)).toEqual(Array.from(inferRef.out));
      useFusedBatchNorm();
      tf.dispose([...start, input]);
      model.dispose();
    },
  );

  it('routes the layer through the fused kernel on wasm, and back to the stock chain when restored', async () => {
    await tf.setBackend('wasm');
    const model = smallModel();
    const input = x();
    const kernels = async () =>
      (await tf.profile(() => tf.dispose(model.apply(input, { training: true }) as tf.Tensor))).kernels.map(
        (k) => k.name,
      );
    useFusedBatchNorm();
    const fusedKernels = await kernels();
    expect(fusedKernels).toContain('TricksBatchNormTraining');
    expect(fusedKernels).not.toContain('FusedBatchNorm');
    restoreStockBatchNorm();
    const stockKernels = await kernels();
    expect(stockKernels).toContain('FusedBatchNorm');
    expect(stockKernels).not.toContain('TricksBatchNormTraining');
    useFusedBatchNorm();
    input.dispose();
    model.dispose();
  });

  it('leaves other backends on the stock code by default', async () => {
    await tf.setBackend('cpu');
    useFusedBatchNorm();
    const model = smallModel();
    const start = model.getWeights().map((w) => w.clone());
    const input = x();
    const got = layerRun(model, start, input, true);
    restoreStockBatchNorm();
    const ref = layerRun(model, start, input, true);
    useFusedBatchNorm();
    expect(Array.from(got.out)).toEqual(Array.from(ref.out));
    got.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(ref.grads[i]!)));
    tf.dispose([...start, input]);
    model.dispose();
  });

  it('keeps numTensors flat over training steps (op, gradient, moving averages)', async () => {
    await tf.setBackend('wasm');
    useFusedBatchNorm();
    const model = smallModel();
    const input = x();
    const optimizer = tf.train.adam(1e-2);
    const step = () =>
      tf.dispose(
        optimizer.minimize(
          () => tf.mean(tf.square(model.apply(input, { training: true }) as tf.Tensor)) as tf.Scalar,
          true,
        ) as tf.Scalar,
      );
    step();
    const start = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose(input);
    model.dispose();
    optimizer.dispose();
  });
});

describe('batchNormTraining: bad input', () => {
  it('names the argument in a TricksError', () => {
    const x = tf.zeros([4, 3]);
    const g = tf.ones([2]);
    expect(() => batchNormTraining(tf.zeros([3]), null, null)).toThrow(TricksError);
    expect(() => batchNormTraining(x, g as tf.Tensor1D, null)).toThrow(
      /argument 'gamma' expected a tensor of shape \[3\]/,
    );
    expect(() => batchNormTraining(x, null, null, 0)).toThrow(/argument 'epsilon'/);
    expect(() => batchNormTraining(tf.zeros([4, 3], 'int32'), null, null)).toThrow(
      /argument 'x' expected dtype float32/,
    );
    expect(() => useFusedBatchNorm({ backends: 'gpu' as never })).toThrow(/options.backends/);
    tf.dispose([x, g]);
  });

  it('leaks nothing: op and gradient, with and without gamma/beta', () => {
    const x = tf.tensor(inputs({ shape: [8, 4, 4, 5], seed: 9 }).x, [8, 4, 4, 5]);
    const before = tf.memory().numTensors;
    for (const withAffine of [true, false]) {
      const g = withAffine ? tf.ones([5]) : null;
      const b = withAffine ? tf.zeros([5]) : null;
      const r = batchNormTraining(x, g as tf.Tensor1D | null, b as tf.Tensor1D | null);
      tf.dispose([r.y, r.mean, r.variance]);
      const dx = tf.grad(
        (a: tf.Tensor) => batchNormTraining(a, g as tf.Tensor1D | null, b as tf.Tensor1D | null).y,
      )(x);
      dx.dispose();
      tf.dispose([g as tf.Tensor, b as tf.Tensor].filter(Boolean));
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
