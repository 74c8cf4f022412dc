import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { builderConformance } from '../test/builder-suite';
import { denseParams } from '../test/model-checks';
import { PatchMerging } from './patch-merging';
import { swinTiny } from './swin-tiny';
import { WindowAttention } from './window-attention';

/** patch conv + LN, per block 2 LN + window attention (incl. bias table) + MLP, merges, LN, head. */
function swinParams(
  h: number,
  w: number,
  cin: number,
  k: number,
  p: number,
  dim: number,
  depths: number[],
  heads: number[],
  window: number,
  ratio: number,
): number {
  let gh = h / p;
  let gw = w / p;
  let c = dim;
  let n = p * p * cin * dim + dim + 2 * dim;
  depths.forEach((depth, s) => {
    const win = Math.min(window, gh, gw);
    const mlp = Math.round(ratio * c);
    const block =
      2 * (2 * c) +
      4 * c * c +
      4 * c +
      (2 * win - 1) ** 2 * heads[s]! +
      denseParams(c, mlp) +
      denseParams(mlp, c);
    n += depth * block;
    if (s < depths.length - 1) {
      n += 2 * (4 * c) + 4 * c * 2 * c;
      gh /= 2;
      gw /= 2;
      c *= 2;
    }
  });
  return n + 2 * c + denseParams(c, k);
}

/** Plain JS reference of one window-attention call (no shift) for a 4×4 grid, window 2, 1 head. */
function referenceWindowAttention(
  x: number[][][],
  wqkv: number[][],
  bqkv: number[],
  wo: number[][],
  bo: number[],
  table: number[][],
): number[][][] {
  const c = x[0]![0]!.length;
  const w = 2;
  const matvec = (v: number[], m: number[][], b: number[]) =>
    b.map((bb, j) => bb + v.reduce((a, vi, i) => a + vi * m[i]![j]!, 0));
  return x.map((tokens) => {
    const out: number[][] = tokens.map(() => []);
    for (let wr = 0; wr < 2; wr++)
      for (let wc = 0; wc < 2; wc++) {
        const idx: number[] = [];
        for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) idx.push((wr * w + i) * 4 + wc * w + j);
        const qkv = idx.map((t) => matvec(tokens[t]!, wqkv, bqkv));
        idx.forEach((t, a) => {
          const logits = idx.map((_, b) => {
            const dot = qkv[a]!.slice(0, c).reduce((s, qa, d) => s + qa * qkv[b]![c + d]!, 0) / Math.sqrt(c);
            const rel =
              (Math.floor(a / w) - Math.floor(b / w) + w - 1) * (2 * w - 1) + ((a % w) - (b % w) + w - 1);
            return dot + table[rel]![0]!;
          });
          const m = Math.max(...logits);
          const e = logits.map((l) => Math.exp(l - m));
          const z = e.reduce((s, v) => s + v, 0);
          const o = Array.from({ length: c }, (_, d) =>
            idx.reduce((s, _t, b) => s + (e[b]! / z) * qkv[b]![2 * c + d]!, 0),
          );
          out[t] = matvec(o, wo, bo);
        });
      }
    return out;
  });
}

describe('swinTiny', () => {
  it('default for 28×28×1 / 10 classes: closed-form count', () => {
    const model = swinTiny({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
    expect(model.countParams()).toBe(swinParams(28, 28, 1, 10, 2, 48, [2, 2], [3, 6], 7, 2));
    expect(model.countParams()).toBe(210_844);
    expect((model.getLayer('stage0_block1_attention') as WindowAttention).shift).toBe(3);
    // The 7×7 second stage is one window: no shift.
    expect((model.getLayer('stage1_block1_attention') as WindowAttention).shift).toBe(0);
    model.dispose();
  });

  describe('tiny', () => {
    builderConformance({
      tiny: (seed) =>
        swinTiny({
          inputShape: [8, 8, 1],
          numClasses: 3,
          patchSize: 1,
          dim: 4,
          depths: [2, 1],
          numHeads: [1, 2],
          windowSize: 4,
          seed,
        }),
      shape: [8, 8, 1],
      classes: 3,
      tinyParams: swinParams(8, 8, 1, 3, 1, 4, [2, 1], [1, 2], 4, 2),
    });
  });

  it('window attention matches a plain-JS reference', async () => {
    const layer = new WindowAttention({ resolution: [4, 4], windowSize: 2, numHeads: 1, seed: 4 });
    const x = tf.randomUniform([2, 16, 3], -1, 1, 'float32', 8) as tf.Tensor3D;
    (layer.apply(x) as tf.Tensor).dispose();
    const y = await expectNoLeaks(() => layer.apply(x) as tf.Tensor);
    const [wqkv, bqkv, wo, bo, table] = layer.getWeights().map((t) => t.arraySync()) as [
      number[][],
      number[],
      number[][],
      number[],
      number[][],
    ];
    const want = referenceWindowAttention(x.arraySync(), wqkv, bqkv, wo, bo, table);
    const got = y.arraySync() as number[][][];
    let maxDiff = 0;
    for (const [b, tokens] of got.entries()) {
      for (const [i, t] of tokens.entries()) {
        for (const [d, v] of t.entries()) maxDiff = Math.max(maxDiff, Math.abs(v - want[b]![i]![d]!));
      }
    }
    expect(maxDiff).toBeLessThan(1e-4);
    tf.dispose([x, y]);
  });

  it('shifted windows: a token attends only within its masked region', () => {
    // With a shift, a perturbation at the bottom-right token must not reach the top-left token
    // (they never share a window, shifted or not), and the output stays finite.
    const layer = new WindowAttention({ resolution: [4, 4], windowSize: 2, shift: 1, numHeads: 1, seed: 1 });
    const base = tf.randomUniform([1, 16, 2], -1, 1, 'float32', 3);
    const bumped = tf.add(base, tf.reshape(tf.oneHot(tf.tensor1d([15], 'int32'), 16), [1, 16, 1]));
    const a = (layer.apply(base) as tf.Tensor).arraySync() as number[][][];
    const b = (layer.apply(bumped) as tf.Tensor).arraySync() as number[][][];
    expect(a[0]![0]).toEqual(b[0]![0]);
    expect(a[0]![15]).not.toEqual(b[0]![15]);
    tf.dispose([base, bumped]);
  });

  it('patch merging concatenates 2×2 neighbourhoods', () => {
    const x = tf.tensor3d(
      Array.from({ length: 16 }, (_, i) => i),
      [1, 16, 1],
    );
    const y = new PatchMerging({ resolution: [4, 4] }).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 4, 4]);
    expect(y.arraySync()).toEqual([
      [
        [0, 1, 4, 5],
        [2, 3, 6, 7],
        [8, 9, 12, 13],
        [10, 11, 14, 15],
      ],
    ]);
    tf.dispose([x, y]);
  });

  it('rejects windows that do not tile the grid', () => {
    expect(() => swinTiny({ inputShape: [32, 32, 1], numClasses: 10 })).toThrow(
      "swinTiny: argument 'options.windowSize' expected a divisor of the stage-0 grid 16×16, got 7",
    );
    expect(() => swinTiny({ inputShape: [28, 28, 1], numClasses: 10, numHeads: [5, 6] })).toThrow(
      TricksError,
    );
  });
});
