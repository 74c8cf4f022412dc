import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { builderConformance } from '../test/builder-suite';
import { bnParams, convParams, denseParams, depthwiseParams } from '../test/model-checks';
import { efficientNetLite, type MbConvStage, roundFilters, SMALL_MBCONV_STAGES } from './efficientnet-lite';

function mbConvParams(cin: number, cout: number, t: number, k: number, seRatio: number): number {
  const e = cin * t;
  let p = t === 1 ? 0 : convParams(1, cin, e, false) + bnParams(e);
  p += depthwiseParams(k, e) + bnParams(e);
  if (seRatio > 0) {
    const s = Math.max(1, Math.floor(cin * seRatio));
    p += e * s + s + s * e + e;
  }
  return p + convParams(1, e, cout, false) + bnParams(cout);
}

function effParams(
  cin: number,
  k: number,
  stages: readonly MbConvStage[],
  o: { wm: number; dm: number; stem: number; head: number; se: number },
): number {
  let p = convParams(3, cin, o.stem, false) + bnParams(o.stem);
  let ch = o.stem;
  for (const st of stages) {
    const out = roundFilters(st.channels, o.wm);
    for (let b = 0; b < Math.ceil(st.repeats * o.dm); b++) {
      p += mbConvParams(ch, out, st.expandRatio, st.kernelSize, o.se);
      ch = out;
    }
  }
  return p + convParams(1, ch, o.head, false) + bnParams(o.head) + denseParams(o.head, k);
}

describe('roundFilters', () => {
  it('rounds like EfficientNet', () => {
    expect(roundFilters(32, 1)).toBe(32);
    expect(roundFilters(32, 1.1)).toBe(32);
    expect(roundFilters(40, 1.2)).toBe(48);
    expect(roundFilters(16, 0.5)).toBe(8);
    expect(roundFilters(112, 0.25)).toBe(32);
  });
});

describe('efficientNetLite', () => {
  it('default for 28×28×1 / 10 classes: closed-form count', () => {
    const model = efficientNetLite({ inputShape: [28, 28, 1], numClasses: 10, seed: 0 });
    expect(model.countParams()).toBe(
      effParams(1, 10, SMALL_MBCONV_STAGES, { wm: 1, dm: 1, stem: 32, head: 320, se: 0.25 }),
    );
    expect(model.countParams()).toBe(379_774);
    expect(model.getLayer('stage1_block1_dw_conv').getClassName()).toBe('DepthwiseConv2D');
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('width/depth multipliers and seRatio 0 (Lite proper) match the closed form', () => {
    const o = {
      inputShape: [32, 32, 3] as [number, number, number],
      numClasses: 7,
      widthMultiplier: 0.5,
      depthMultiplier: 1.5,
      seRatio: 0,
    };
    const model = efficientNetLite(o);
    expect(model.countParams()).toBe(
      effParams(3, 7, SMALL_MBCONV_STAGES, { wm: 0.5, dm: 1.5, stem: 32, head: 320, se: 0 }),
    );
    expect(model.layers.some((l) => l.name.includes('_se_'))).toBe(false);
    model.dispose();
  });

  const tinyStages: MbConvStage[] = [
    { expandRatio: 1, channels: 8, repeats: 1, stride: 1, kernelSize: 3 },
    { expandRatio: 2, channels: 8, repeats: 2, stride: 2, kernelSize: 3 },
  ];
  describe('tiny', () => {
    builderConformance({
      tiny: (seed) =>
        efficientNetLite({
          inputShape: [16, 16, 1],
          numClasses: 3,
          stages: tinyStages,
          stemChannels: 8,
          headChannels: 16,
          dropout: 0,
          dropPath: 0.1,
          seed,
        }),
      shape: [16, 16, 1],
      classes: 3,
      tinyParams: effParams(1, 3, tinyStages, { wm: 1, dm: 1, stem: 8, head: 16, se: 0.25 }),
    });
  });

  it('rejects bad options', () => {
    expect(() => efficientNetLite({ inputShape: [28, 28, 1], numClasses: 10, widthMultiplier: 0 })).toThrow(
      TricksError,
    );
    expect(() =>
      efficientNetLite({ inputShape: [28, 28, 1], numClasses: 10, activation: 'tanh' as never }),
    ).toThrow(/options.activation/);
    expect(() =>
      efficientNetLite({
        inputShape: [28, 28, 1],
        numClasses: 10,
        stages: [{ expandRatio: 6, channels: 8, repeats: 0, stride: 1, kernelSize: 3 }],
      }),
    ).toThrow("efficientNetLite: argument 'options.stages[0].repeats' expected an integer ≥ 1, got 0");
  });
});
