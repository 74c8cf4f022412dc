import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { bits, roundTrip } from '../test/model-checks';
import { DropBlock, dropBlock, dropBlockGamma, dropBlockMask } from './drop-block';

/** Exact expected keep fraction over an H×W map: mean of (1 − γ)^(n_i·n_j). */
function expectedKeep(rate: number, b: number, h: number, w: number): number {
  const gamma = dropBlockGamma(rate, b, h, w);
  const pad = Math.floor((b - 1) / 2);
  const cover = (o: number, size: number) => {
    let n = 0;
    for (let r = o - pad; r <= o - pad + b - 1; r++) if (r >= b - 1 - pad && r <= size - 1 - pad) n++;
    return n;
  };
  let sum = 0;
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) sum += (1 - gamma) ** (cover(i, h) * cover(j, w));
  return sum / (h * w);
}

describe('DropBlock', () => {
  it('is the identity at inference', async () => {
    const layer = dropBlock({ rate: 0.3, blockSize: 3 });
    const x = tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 1);
    const y = await expectNoLeaks(() => layer.apply(x, { training: false }) as tf.Tensor);
    expect(bits(y)).toEqual(bits(x));
    x.dispose();
  });

  for (const [b, h] of [
    [3, 8],
    [2, 7],
  ] as const) {
    it(`keeps the exact expected fraction in training (b = ${b}, ${h}×${h})`, async () => {
      const rate = 0.2;
      const shape: [number, number, number, number] = [16, h, h, 64];
      const mask = await expectNoLeaks(() => dropBlockMask(shape, rate, b, 21));
      const m = mask.dataSync();
      let kept = 0;
      let notBinary = 0;
      for (const v of m) {
        if (v !== 0 && v !== 1) notBinary++;
        kept += v;
      }
      expect(notBinary).toBe(0);
      const keep = kept / m.length;
      // Maps are independent per (sample, channel): 1024 maps; per-map keep has sd ≲ 0.15.
      expect(Math.abs(keep - expectedKeep(rate, b, h, h))).toBeLessThan(4 * (0.15 / Math.sqrt(16 * 64)));
      // Every dropped pixel lies inside a fully dropped b×b block.
      let outside = 0;
      const at = (n: number, i: number, j: number, c: number) => m[((n * h + i) * h + j) * 64 + c]!;
      for (let n = 0; n < 2; n++)
        for (let c = 0; c < 64; c++)
          for (let i = 0; i < h; i++)
            for (let j = 0; j < h; j++) {
              if (at(n, i, j, c) !== 0) continue;
              let inBlock = false;
              for (let i0 = Math.max(0, i - b + 1); i0 <= Math.min(i, h - b) && !inBlock; i0++)
                for (let j0 = Math.max(0, j - b + 1); j0 <= Math.min(j, h - b) && !inBlock; j0++) {
                  let all = true;
                  for (let di = 0; di < b; di++)
                    for (let dj = 0; dj < b; dj++) if (at(n, i0 + di, j0 + dj, c) !== 0) all = false;
                  inBlock = all;
                }
              if (!inBlock) outside++;
            }
      expect(outside).toBe(0);
      mask.dispose();
    });
  }

  it('in training rescales so the mean activation is preserved', async () => {
    const layer = dropBlock({ rate: 0.3, blockSize: 3, seed: 2 });
    const x = tf.ones([4, 8, 8, 8]);
    const y = await expectNoLeaks(() => layer.apply(x, { training: true }) as tf.Tensor);
    const mean = tf.mean(y);
    expect(mean.dataSync()[0]!).toBeCloseTo(1, 4);
    const zeros = Array.from(y.dataSync()).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    tf.dispose([x, y, mean]);
  });

  it('serialises as TricksDropBlock', async () => {
    const input = tfl.input({ shape: [6, 6, 2] });
    const out = tfl.layers
      .flatten()
      .apply(dropBlock({ rate: 0.1, blockSize: 2, seed: 3, name: 'db' }).apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    const loaded = await roundTrip(model);
    const layer = loaded.getLayer('db') as DropBlock;
    expect(layer).toBeInstanceOf(DropBlock);
    expect([layer.rate, layer.blockSize, layer.seed]).toEqual([0.1, 2, 3]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects blocks larger than the map, bad rates and ranks', () => {
    const input = tfl.input({ shape: [4, 4, 1] });
    expect(() => dropBlock({ rate: 0.1, blockSize: 5 }).apply(input)).toThrow(
      "DropBlock: argument 'args.blockSize' expected at most the map size 4×4, got 5",
    );
    expect(() => dropBlock({ rate: 1.2 })).toThrow(TricksError);
    expect(() => dropBlock({ rate: 0.1, blockSize: 0 })).toThrow(/args.blockSize' expected an integer ≥ 1/);
  });
});
