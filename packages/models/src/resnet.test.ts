import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { builderConformance } from '../test/builder-suite';
import { bnParams, convParams, denseParams } from '../test/model-checks';
import { resnet } from './resnet';

/** Closed form of the CIFAR ResNet: stem + blocks (+ projection shortcuts) + classifier. */
function resnetParams(
  cin: number,
  k: number,
  block: 'basic' | 'bottleneck',
  depth: number,
  width: number,
  stages: number,
): number {
  const per = block === 'basic' ? 2 : 3;
  const n = (depth - 2) / (per * stages);
  let p = convParams(3, cin, width, false) + bnParams(width);
  let ch = width;
  for (let s = 0; s < stages; s++) {
    const w = width * 2 ** s;
    for (let b = 0; b < n; b++) {
      const strides = s > 0 && b === 0 ? 2 : 1;
      let out: number;
      if (block === 'basic') {
        out = w;
        p += convParams(3, ch, w, false) + bnParams(w) + convParams(3, w, w, false) + bnParams(w);
      } else {
        out = 4 * w;
        p +=
          convParams(1, ch, w, false) +
          bnParams(w) +
          convParams(3, w, w, false) +
          bnParams(w) +
          convParams(1, w, out, false) +
          bnParams(out);
      }
      if (strides !== 1 || ch !== out) p += convParams(1, ch, out, false) + bnParams(out);
      ch = out;
    }
  }
  return p + denseParams(ch, k);
}

describe('resnet', () => {
  it('default ResNet-20 for 28×28×1 / 10 classes: shape, closed-form count', () => {
    const model = resnet({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
    expect(model.countParams()).toBe(resnetParams(1, 10, 'basic', 20, 16, 3));
    expect(model.countParams()).toBe(273_754);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    expect(model.getLayer('features').outputShape).toEqual([null, 64]);
    model.dispose();
  });

  it('bottleneck variant matches its closed form; softmax option', () => {
    const model = resnet({
      inputShape: [32, 32, 3],
      numClasses: 5,
      block: 'bottleneck',
      depth: 29,
      width: 8,
      softmax: true,
    });
    expect(model.countParams()).toBe(resnetParams(3, 5, 'bottleneck', 29, 8, 3));
    expect(model.getLayer('probs')).toBeDefined();
    model.dispose();
  });

  it('drop-path rates rise linearly over blocks', () => {
    const model = resnet({
      inputShape: [16, 16, 1],
      numClasses: 3,
      depth: 14,
      width: 4,
      dropPath: 0.2,
      seed: 1,
    });
    // 6 blocks: rates 0, 0.04, …, 0.2 (block 0 has none).
    const rates = model.layers
      .filter((l) => l.name.endsWith('_drop_path'))
      .map((l) => (l as unknown as { rate: number }).rate);
    expect(rates.map((r) => Math.round(r * 1e6) / 1e6)).toEqual([0.04, 0.08, 0.12, 0.16, 0.2]);
    model.dispose();
  });

  describe('basic, tiny', () => {
    builderConformance({
      tiny: (seed) =>
        resnet({ inputShape: [16, 16, 1], numClasses: 3, depth: 8, width: 4, dropPath: 0.1, seed }),
      shape: [16, 16, 1],
      classes: 3,
      tinyParams: resnetParams(1, 3, 'basic', 8, 4, 3),
    });
  });

  describe('bottleneck, tiny', () => {
    builderConformance({
      tiny: (seed) =>
        resnet({ inputShape: [16, 16, 1], numClasses: 3, block: 'bottleneck', depth: 11, width: 2, seed }),
      shape: [16, 16, 1],
      classes: 3,
      tinyParams: resnetParams(1, 3, 'bottleneck', 11, 2, 3),
    });
  });

  it('rejects depths that do not fit the block pattern', () => {
    expect(() => resnet({ inputShape: [28, 28, 1], numClasses: 10, depth: 21 })).toThrow(
      "resnet: argument 'options.depth' expected 2·3·n + 2 for basic blocks in 3 stages, got 21",
    );
    expect(() => resnet({ inputShape: [28, 28, 1], numClasses: 10, block: 'wide' as never })).toThrow(
      TricksError,
    );
    expect(() => resnet({ inputShape: [28, 28, 1], numClasses: 10, dropPath: 1 })).toThrow(
      /options.dropPath/,
    );
  });
});
