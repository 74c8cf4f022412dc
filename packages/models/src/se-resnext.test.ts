import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { builderConformance } from '../test/builder-suite';
import { bnParams, convParams, denseParams } from '../test/model-checks';
import { seResNeXt } from './se-resnext';

/** SE block: 1×1 C→S (+bias), 1×1 S→C (+bias). */
function seParams(c: number, s: number): number {
  return c * s + s + s * c + c;
}

function seResNeXtParams(
  cin: number,
  k: number,
  depth: number,
  card: number,
  d: number,
  stem: number,
  stages: number,
  r: number,
): number {
  const n = (depth - 2) / (3 * stages);
  let p = convParams(3, cin, stem, false) + bnParams(stem);
  let ch = stem;
  for (let s = 0; s < stages; s++) {
    const inner = card * d * 2 ** s;
    const out = 2 * inner;
    for (let b = 0; b < n; b++) {
      const strides = s > 0 && b === 0 ? 2 : 1;
      p += convParams(1, ch, inner, false) + bnParams(inner);
      p += convParams(3, inner, inner, false, card) + bnParams(inner);
      p += convParams(1, inner, out, false) + bnParams(out);
      p += seParams(out, Math.max(1, Math.floor(out / r)));
      if (strides !== 1 || ch !== out) p += convParams(1, ch, out, false) + bnParams(out);
      ch = out;
    }
  }
  return p + denseParams(ch, k);
}

describe('seResNeXt', () => {
  it('default (depth 20, 8×4d) for 28×28×1 / 10 classes: closed-form count', () => {
    const model = seResNeXt({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
    expect(model.countParams()).toBe(seResNeXtParams(1, 10, 20, 8, 4, 32, 3, 16));
    expect(model.countParams()).toBe(276_322);
    expect(model.getLayer('stage2_block1_2_conv').getClassName()).toBe('TricksGroupedConv2D');
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  describe('tiny', () => {
    builderConformance({
      tiny: (seed) =>
        seResNeXt({
          inputShape: [16, 16, 1],
          numClasses: 3,
          depth: 11,
          cardinality: 2,
          groupWidth: 2,
          stemWidth: 4,
          seReduction: 4,
          dropPath: 0.1,
          seed,
        }),
      shape: [16, 16, 1],
      classes: 3,
      tinyParams: seResNeXtParams(1, 3, 11, 2, 2, 4, 3, 4),
    });
  });

  it('rejects bad options', () => {
    expect(() => seResNeXt({ inputShape: [28, 28, 1], numClasses: 10, depth: 20, cardinality: 0 })).toThrow(
      TricksError,
    );
    expect(() => seResNeXt({ inputShape: [28, 28, 1], numClasses: 10, depth: 19 })).toThrow(
      /options.depth' expected 3·3·n \+ 2/,
    );
  });
});
