import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@tftricks/core';
import { maxRelativeError } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY, useWasm } from '../test/cpu-reference';

// The blocks of the models issue, in plain tfjs-core ops: a ResNet basic block with
// BatchNorm, an MBConv block (1×1 expand, depthwise 3×3 stride 2, squeeze-excite, swish) and a
// tiny ViT (patch conv, class token via gather, LayerNorm, attention, erf-GELU). Their
// gradients on wasm + wasm-train must match the cpu backend's.

type Params = Record<string, { shape: number[]; values: Float32Array }>;

function params(seed: number, shapes: Record<string, number[]>): Params {
  const rng = createRng(seed);
  const out: Params = {};
  for (const [k, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.length > 1 ? n / (shape[shape.length - 1] as number) : 1;
    out[k] = {
      shape,
      values: Float32Array.from({ length: n }, () =>
        rng.normal(0, shape.length > 1 ? Math.sqrt(1 / fanIn) : 0.1),
      ),
    };
  }
  return out;
}

const bn = (x: tf.Tensor4D, g: tf.Tensor, b: tf.Tensor) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-5);
};
const swish = (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x));
const c4 = (t: tf.Tensor) => t as tf.Tensor4D;

const MODELS: Record<
  string,
  {
    shapes: Record<string, number[]>;
    input: number[];
    loss: (x: tf.Tensor4D, p: (name: string) => tf.Tensor) => tf.Scalar;
  }
> = {
  resnetBlock: {
    input: [4, 8, 8, 3],
    shapes: {
      w1: [3, 3, 3, 8],
      g1: [8],
      b1: [8],
      w2: [3, 3, 8, 8],
      g2: [8],
      b2: [8],
      ws: [1, 1, 3, 8],
      wf: [8, 5],
    },
    loss: (x, p) => {
      let h = tf.relu(bn(tf.conv2d(x, c4(p('w1')), 2, 'same'), p('g1') as tf.Tensor, p('b1') as tf.Tensor));
      h = bn(tf.conv2d(c4(h), c4(p('w2')), 1, 'same'), p('g2') as tf.Tensor, p('b2') as tf.Tensor);
      h = tf.relu(tf.add(h, tf.conv2d(x, c4(p('ws')), 2, 'valid')));
      return tf.mean(tf.square(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, p('wf') as tf.Tensor2D)));
    },
  },
  mbconv: {
    input: [4, 8, 8, 4],
    shapes: { we: [1, 1, 4, 12], wd: [3, 3, 12, 1], s1: [12, 3], s2: [3, 12], wp: [1, 1, 12, 6], wf: [6, 5] },
    loss: (x, p) => {
      let h = swish(tf.conv2d(x, c4(p('we')), 1, 'valid'));
      h = swish(tf.depthwiseConv2d(c4(h), c4(p('wd')), 2, 'same'));
      const se = tf.sigmoid(
        tf.matMul(
          tf.relu(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, p('s1') as tf.Tensor2D)),
          p('s2') as tf.Tensor2D,
        ),
      );
      h = tf.mul(h, tf.reshape(se, [4, 1, 1, 12]));
      h = tf.conv2d(c4(h), c4(p('wp')), 1, 'valid');
      return tf.mean(tf.square(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, p('wf') as tf.Tensor2D)));
    },
  },
  vitTiny: {
    input: [2, 8, 8, 3],
    shapes: {
      wp: [4, 4, 3, 8],
      cls: [1, 1, 8],
      pos: [1, 5, 8],
      g: [8],
      b: [8],
      wq: [8, 8],
      wk: [8, 8],
      wv: [8, 8],
      wm: [8, 8],
      wf: [8, 5],
    },
    loss: (x, p) => {
      let t = tf.reshape(tf.conv2d(x, c4(p('wp')), 4, 'valid'), [2, 4, 8]);
      t = tf.add(tf.concat([tf.tile(p('cls') as tf.Tensor3D, [2, 1, 1]), t], 1), p('pos') as tf.Tensor);
      const { mean, variance } = tf.moments(t, -1, true);
      t = tf.add(
        tf.mul(tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-5))), p('g') as tf.Tensor),
        p('b') as tf.Tensor,
      );
      const flat = tf.reshape(t, [10, 8]);
      const proj = (w: tf.Tensor) => tf.reshape(tf.matMul(flat, w as tf.Tensor2D), [2, 5, 8]);
      const att = tf.softmax(
        tf.div(tf.matMul(proj(p('wq') as tf.Tensor), proj(p('wk') as tf.Tensor), false, true), Math.sqrt(8)),
      );
      let o = tf.matMul(att, proj(p('wv') as tf.Tensor));
      o = tf.reshape(tf.matMul(tf.reshape(o, [10, 8]), p('wm') as tf.Tensor2D), [2, 5, 8]);
      o = tf.mul(o, tf.mul(0.5, tf.add(1, tf.erf(tf.div(o, Math.SQRT2)))));
      const cls = tf.reshape(tf.gather(o, tf.tensor1d([0], 'int32'), 1), [2, 8]);
      return tf.mean(tf.square(tf.matMul(cls, p('wf') as tf.Tensor2D)));
    },
  },
};

async function gradients(backend: string, name: string): Promise<Record<string, Float32Array>> {
  const prev = tf.getBackend();
  await tf.setBackend(backend);
  const m = MODELS[name] as (typeof MODELS)[string];
  const p = params(1, m.shapes);
  const vars: Record<string, tf.Variable> = {};
  for (const [k, v] of Object.entries(p)) vars[k] = tf.tidy(() => tf.variable(tf.tensor(v.values, v.shape)));
  const input = params(2, { x: m.input }).x as { shape: number[]; values: Float32Array };
  const x = tf.tensor4d(input.values, input.shape as [number, number, number, number]);
  const { value, grads } = tf.variableGrads(
    () => m.loss(x, (k) => vars[k] as tf.Variable),
    Object.values(vars),
  );
  const out: Record<string, Float32Array> = { loss: value.dataSync() as Float32Array };
  for (const [k, v] of Object.entries(vars)) out[k] = grads[v.name]?.dataSync() as Float32Array;
  tf.dispose([x, value, ...Object.values(grads), ...Object.values(vars)]);
  await tf.setBackend(prev);
  return out;
}

describe('gradients of the models-issue blocks on wasm match the cpu backend', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each(Object.keys(MODELS))('%s', async (name) => {
    const ref = await gradients('cpu', name);
    const before = tf.memory().numTensors;
    const got = await gradients('wasm', name);
    expect(tf.memory().numTensors).toBe(before);
    for (const k of Object.keys(ref)) {
      expect(got[k], `${name}.${k}`).toBeDefined();
      expect(
        maxRelativeError(got[k] as Float32Array, ref[k] as Float32Array, PARITY),
        `${name}.${k}`,
      ).toBeLessThan(1e-4);
    }
  });
});
