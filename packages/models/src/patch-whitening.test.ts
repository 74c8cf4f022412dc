import golden from '@golden/models/patch_whitening.json';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks, maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { bits } from '../test/model-checks';
import { patchCovariance } from './patch-covariance';
import { patchWhitening } from './patch-whitening';

let id = 0;
/** input [h, w, c] → whitening conv (valid, k×k, `filters`) → GAP → dense: a tiny airbench stem. */
function stem(shape: [number, number, number], k: number, filters: number, useBias = true) {
  const input = tfl.input({ shape });
  const conv = tfl.layers.conv2d({
    filters,
    kernelSize: k,
    padding: 'valid',
    useBias,
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 }),
    name: `whiten${id++}`,
  });
  const x = conv.apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  // Softmax and a seeded head: categoricalCrossentropy on raw (unseeded) linear outputs clips its
  // normalised "probabilities", whose gradient is then zero on some draws, so nothing trains.
  const out = tfl.layers
    .dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 12 }),
    })
    .apply(pooled) as tfl.SymbolicTensor;
  return { model: tfl.model({ inputs: input, outputs: out }), conv };
}

/**
 * The conv's kernel and bias (the live variables: not to be disposed), found by rank: a frozen
 * kernel is listed after the bias.
 */
const kernelOf = (conv: tfl.layers.Layer) => conv.getWeights().find((t) => t.rank === 4)!;
const biasOf = (conv: tfl.layers.Layer) => conv.getWeights().find((t) => t.rank === 1)!;
const weightNames = (conv: tfl.layers.Layer) => ({
  kernel: conv.weights.find((v) => v.shape.length === 4)!.name,
  bias: conv.weights.find((v) => v.shape.length === 1)!.name,
});

/** Deterministic correlated images: blurred noise plus a gradient. */
function smoothImages(n: number, h: number, w: number, c: number, seed = 3): tf.Tensor4D {
  return tf.tidy(() => {
    const noise = tf.randomUniform([n, h + 2, w + 2, c], 0, 1, 'float32', seed) as tf.Tensor4D;
    const blurred = tf.avgPool(noise, 3, 1, 'valid');
    const ramp = tf.reshape(tf.linspace(0, 0.4, w), [1, 1, w, 1]);
    return tf.clipByValue(tf.add(blurred, ramp), 0, 1) as tf.Tensor4D;
  });
}

/** The conv's outputs on `images` as [M, f] rows: every valid position of every image. */
async function outputs(
  conv: tfl.layers.Layer,
  images: tf.Tensor4D,
): Promise<{ rows: number[][]; f: number }> {
  const y = conv.apply(images) as tf.Tensor4D;
  const f = y.shape[3];
  const flat = await y.data();
  y.dispose();
  const rows: number[][] = [];
  for (let i = 0; i < flat.length; i += f) rows.push(Array.from(flat.subarray(i, i + f)));
  return { rows, f };
}

function moments(rows: number[][], f: number, center: boolean) {
  const m = rows.length;
  const mean = Array.from({ length: f }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / m);
  const cov = Array.from({ length: f }, (_, i) =>
    Array.from(
      { length: f },
      (_, j) =>
        rows.reduce((s, r) => s + (r[i]! - (center ? mean[i]! : 0)) * (r[j]! - (center ? mean[j]! : 0)), 0) /
        m,
    ),
  );
  return { mean, cov };
}

describe('patchWhitening', () => {
  it('whitened patch covariance = [[D, −D], [−D, D]], D = diag(λ/(λ+eps)) ≈ I; outputs zero-mean (centred)', async () => {
    const images = smoothImages(16, 10, 10, 3);
    const { model, conv } = stem([10, 10, 3], 2, 24);
    const eps = 5e-4;
    const r = await patchWhitening(model, images, { eps });
    expect(r.layer).toBe(conv.name);
    expect(r.eigenvalues).toHaveLength(12);
    const { rows, f } = await outputs(conv, images);
    const { mean, cov } = moments(rows, f, true);
    mean.forEach((v) => expect(Math.abs(v)).toBeLessThan(2e-4));
    const dj = r.eigenvalues.map((l) => l / (l + eps));
    expect(Math.min(...dj)).toBeGreaterThan(0.5); // the sample's smallest direction still ≈ whitened
    for (let i = 0; i < f; i++)
      for (let j = 0; j < f; j++) {
        const same = i % 12 === j % 12 ? dj[i % 12]! : 0;
        const want = i < 12 === j < 12 ? same : -same;
        expect(Math.abs(cov[i]![j]! - want)).toBeLessThan(2e-3);
      }
    images.dispose();
    model.dispose();
  });

  it('center: false whitens the second moment E[y yᵀ] (airbench, normalised inputs); f < d keeps the top directions', async () => {
    const images = tf.tidy(() => {
      const x = smoothImages(12, 8, 8, 1, 9);
      const moments = tf.moments(x);
      return tf.div(tf.sub(x, moments.mean), tf.sqrt(moments.variance)) as tf.Tensor4D;
    });
    const { model, conv } = stem([8, 8, 1], 3, 4, false);
    const r = await patchWhitening(model, images, { center: false });
    const { rows, f } = await outputs(conv, images);
    const { cov: second } = moments(rows, f, false);
    for (let i = 0; i < f; i++)
      for (let j = 0; j < f; j++) {
        const want = i === j ? r.eigenvalues[i]! / (r.eigenvalues[i]! + 5e-4) : 0;
        expect(Math.abs(second[i]![j]! - want)).toBeLessThan(2e-3);
      }
    // The top 4 of 9 directions, largest first: output variance decreases with j only through λ/(λ+eps).
    expect(r.eigenvalues).toHaveLength(9);
    images.dispose();
    model.dispose();
  });

  for (const c of golden.cases) {
    it(`matches airbench's procedure in torch (float64): ${c.name}`, async () => {
      const [n, h, w, ch] = c.shape as [number, number, number, number];
      const k = c.kernelSize;
      const d = k * k * ch;
      const images = tf.tensor4d(c.images, [n, h, w, ch]);
      const { model, conv } = stem([h, w, ch], k, 2 * d);
      const r = await patchWhitening(model, images, { center: c.center, eps: c.eps });
      expect(maxRelativeError(r.eigenvalues, c.eigenvalues)).toBeLessThan(1e-5);
      const kernel = kernelOf(conv);
      const ours = await kernel.data();
      // torch [f, C, kh, kw] ↔ tfjs [kh, kw, C, f]; each filter compared up to its sign.
      const ref = c.filters;
      let worst = 0;
      for (let fi = 0; fi < 2 * d; fi++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let dy = 0; dy < k; dy++)
          for (let dx = 0; dx < k; dx++)
            for (let cc = 0; cc < ch; cc++) {
              a.push(ours[((dy * k + dx) * ch + cc) * 2 * d + fi]!);
              b.push(ref[((fi * ch + cc) * k + dy) * k + dx]!);
            }
        const sign = a.reduce((s, x, i) => s + x * b[i]!, 0) < 0 ? -1 : 1;
        worst = Math.max(
          worst,
          maxRelativeError(
            a.map((x) => sign * x),
            b,
          ),
        );
      }
      // Measured on node-cpu: 5.6e-5 (rgb), 1.5e-5 (gray); eigenvalues 2.7e-7.
      expect(worst).toBeLessThan(1e-3);
      // The reported mean patch, torch [C, kh, kw] ↔ ours (dy·k + dx)·C + c.
      const mean = r.mean.map((_, e) => {
        const cc = e % ch;
        const pos = Math.floor(e / ch);
        return c.mean[(cc * k + Math.floor(pos / k)) * k + (pos % k)]!;
      });
      expect(maxRelativeError(r.mean, mean)).toBeLessThan(1e-5);
      images.dispose();
      model.dispose();
    });
  }

  it('frozen by default: fit leaves the filters bit-identical and trains the bias; trainable: true trains them', async () => {
    const images = smoothImages(8, 6, 6, 1, 5);
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3), 'float32'));
    for (const trainable of [false, true]) {
      const { model, conv } = stem([6, 6, 1], 2, 8);
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
      await patchWhitening(model, images, { trainable });
      const names = model.trainableWeights.map((v) => v.name);
      const own = weightNames(conv);
      expect(names.includes(own.kernel)).toBe(trainable);
      expect(names.includes(own.bias)).toBe(true);
      const before = [bits(kernelOf(conv)), bits(biasOf(conv))];
      await model.fit(images, y, { epochs: 1, batchSize: 8, verbose: 0 });
      const after = [bits(kernelOf(conv)), bits(biasOf(conv))];
      if (trainable) expect(after[0]).not.toEqual(before[0]);
      else expect(after[0]).toEqual(before[0]);
      expect(after[1]).not.toEqual(before[1]);
      model.dispose();
    }
    tf.dispose([images, y]);
  });

  it('deterministic and leak-free: the same images give the same bits; chunking does not change the statistics', async () => {
    const images = smoothImages(6, 7, 7, 3, 8);
    const a = stem([7, 7, 3], 3, 54);
    const b = stem([7, 7, 3], 3, 54);
    const r = await expectNoLeaks(() => patchWhitening(a.model, images), 'patchWhitening');
    await patchWhitening(b.model, images);
    expect(a.conv.getWeights().map(bits)).toEqual(b.conv.getWeights().map(bits));
    // Again on the now-frozen conv (its kernel is listed after the bias): the same filters.
    await patchWhitening(b.model, images);
    expect(a.conv.getWeights().map(bits)).toEqual(b.conv.getWeights().map(bits));
    expect(r.eigenvalues.every((l) => l >= 0)).toBe(true);
    const whole = await patchCovariance(images, 3, 3, true);
    const chunked = await expectNoLeaks(() => patchCovariance(images, 3, 3, true, 1), 'patchCovariance');
    expect(chunked.count).toBe(whole.count);
    expect(maxRelativeError(chunked.matrix, whole.matrix)).toBeLessThan(1e-5);
    tf.dispose(images);
    a.model.dispose();
    b.model.dispose();
  });

  it('bad input → TricksError naming the argument', async () => {
    const images = smoothImages(2, 6, 6, 1);
    const { model } = stem([6, 6, 1], 2, 8);
    const dense = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    const dilated = tfl.sequential({
      layers: [tfl.layers.conv2d({ filters: 2, kernelSize: 2, dilationRate: 2, inputShape: [6, 6, 1] })],
    });
    const rgb = tf.zeros([2, 6, 6, 3]) as tf.Tensor4D;
    const small = tf.zeros([2, 1, 6, 1]) as tf.Tensor4D;
    const nan = tf.fill([2, 6, 6, 1], Number.NaN) as tf.Tensor4D;
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        () => patchWhitening(dense, images),
        /patchWhitening: argument 'model' expected a model with a Conv2D layer/,
      ],
      [
        () => patchWhitening(model, images, { layer: 'nope' }),
        /argument 'options.layer' expected the name of a Conv2D layer/,
      ],
      [() => patchWhitening(stem([6, 6, 1], 2, 9).model, images), /at most 2·kh·kw·C = 8 filters/],
      [() => patchWhitening(dilated, images), /a conv with dilation rate 1/],
      [() => patchWhitening(model, rgb), /argument 'images' expected 1 channels/],
      [
        () => patchWhitening(model, small),
        /argument 'images' expected a non-empty batch of images of at least 2×2/,
      ],
      [() => patchWhitening(model, nan), /argument 'images' expected finite values/],
      [() => patchWhitening(model, images, { eps: 0 }), /argument 'options.eps'/],
      [
        () => patchWhitening(model, images, { trainable: 'no' as unknown as boolean }),
        /argument 'options.trainable'/,
      ],
    ];
    for (const [f, message] of cases) {
      await expect(f()).rejects.toThrow(TricksError);
      await expect(f()).rejects.toThrow(message);
    }
    tf.dispose([images, rgb, small, nan]);
    for (const m of [model, dense, dilated]) m.dispose();
  });
});
