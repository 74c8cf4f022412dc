import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { builderConformance } from '../test/builder-suite';
import { denseParams } from '../test/model-checks';
import { MultiHeadSelfAttention } from './multi-head-self-attention';
import { vitTiny } from './vit-tiny';

/** patch conv + class token + positions + depth·(2 LN + attention + MLP) + LN + head. */
function vitParams(
  h: number,
  w: number,
  c: number,
  k: number,
  p: number,
  d: number,
  depth: number,
  mlp: number,
): number {
  const t = (h / p) * (w / p);
  const block = 2 * (2 * d) + (4 * d * d + 4 * d) + denseParams(d, mlp) + denseParams(mlp, d);
  return p * p * c * d + d + d + (t + 1) * d + depth * block + 2 * d + denseParams(d, k);
}

describe('vitTiny', () => {
  it('default for 28×28×1 / 10 classes: closed-form count', () => {
    const model = vitTiny({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
    expect(model.countParams()).toBe(vitParams(28, 28, 1, 10, 4, 64, 6, 128));
    expect(model.countParams()).toBe(205_962);
    expect(model.getLayer('position_embedding').outputShape).toEqual([null, 50, 64]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  describe('tiny', () => {
    builderConformance({
      tiny: (seed) =>
        vitTiny({
          inputShape: [8, 8, 1],
          numClasses: 3,
          patchSize: 4,
          dim: 8,
          depth: 2,
          numHeads: 2,
          dropPath: 0.1,
          seed,
        }),
      shape: [8, 8, 1],
      classes: 3,
      tinyParams: vitParams(8, 8, 1, 3, 4, 8, 2, 16),
      steps: 5,
    });
  });

  it('attention matches a per-head reference computation', async () => {
    const layer = new MultiHeadSelfAttention({ numHeads: 2, seed: 3 });
    const x = tf.randomUniform([2, 3, 4], -1, 1, 'float32', 1) as tf.Tensor3D;
    (layer.apply(x) as tf.Tensor).dispose();
    const y = await expectNoLeaks(() => layer.apply(x) as tf.Tensor);
    const [wqkv, bqkv, wo, bo] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    const ref = tf.tidy(() => {
      const outs: tf.Tensor[] = [];
      for (let n = 0; n < 2; n++) {
        const xn = tf.squeeze(tf.slice(x, [n, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D;
        const qkv = tf.add(tf.matMul(xn, wqkv), bqkv);
        const heads: tf.Tensor[] = [];
        for (let hd = 0; hd < 2; hd++) {
          const q = tf.slice(qkv, [0, hd * 2], [-1, 2]) as tf.Tensor2D;
          const k = tf.slice(qkv, [0, 4 + hd * 2], [-1, 2]) as tf.Tensor2D;
          const v = tf.slice(qkv, [0, 8 + hd * 2], [-1, 2]) as tf.Tensor2D;
          heads.push(tf.matMul(tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(2))), v));
        }
        outs.push(tf.add(tf.matMul(tf.concat(heads, 1) as tf.Tensor2D, wo), bo));
      }
      return tf.stack(outs);
    });
    const diff = tf.max(tf.abs(tf.sub(ref, y)));
    expect(diff.dataSync()[0]!).toBeLessThan(1e-5);
    tf.dispose([x, y, ref, diff]);
  });

  it('rejects patch sizes that do not divide the image and bad head counts', () => {
    expect(() => vitTiny({ inputShape: [28, 28, 1], numClasses: 10, patchSize: 5 })).toThrow(
      "vitTiny: argument 'options.patchSize' expected a divisor of H = 28 and W = 28, got 5",
    );
    expect(() => vitTiny({ inputShape: [28, 28, 1], numClasses: 10, numHeads: 3 })).toThrow(TricksError);
  });
});
