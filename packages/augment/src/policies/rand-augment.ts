import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import {
  checkPolicyWarp,
  drawMagnitude,
  type OpDraw,
  type PolicyParams,
  policyAugmentation,
  toStages,
} from './policy-augmentation';
import { autoAugmentSpace, magnitudeAt, type PolicyOpName, type PolicyWarpOptions } from './policy-ops';

/** Options of {@link randAugment}. */
export interface RandAugmentOptions extends PolicyWarpOptions {
  /** Ops applied in sequence to each image, integer ≥ 0; default 2. */
  n?: number;
  /** Magnitude bin, integer in [0, numMagnitudeBins − 1]; default 9. */
  m?: number;
  /** Number of magnitude bins, integer ≥ 2; default 31 (torchvision). */
  numMagnitudeBins?: number;
  /**
   * timm-style magnitude noise, ≥ 0 (in bins): each op draws its bin from N(m, std), clipped
   * to [0, numMagnitudeBins − 1]; `Infinity` draws it uniformly from [0, m]. Default 0 (none).
   */
  magnitudeStd?: number;
}

/**
 * RandAugment (Cubuk et al. 2020), torchvision 0.14 `RandAugment`, batched: each image gets
 * `n` ops, each drawn uniformly (independently per image) from torchvision's 14 ops
 * (Identity, ShearX/Y, TranslateX/Y, Rotate, Brightness, Color, Contrast, Sharpness,
 * Posterize, Solarize, AutoContrast, Equalize) at magnitude bin `m` with a random sign.
 * With `magnitudeStd` > 0 the bin is noisy (timm), and fractional bins interpolate the table.
 *
 * Input/output: `Images` [N, H, W, C] in [0, 1]; params `{ stages }` replay the batch.
 */
export function randAugment(options: RandAugmentOptions = {}): Augmentation<PolicyParams> {
  const fn = 'randAugment';
  const warp = checkPolicyWarp(fn, options);
  const n = options.n ?? 2;
  const bins = options.numMagnitudeBins ?? 31;
  const m = options.m ?? 9;
  const std = options.magnitudeStd ?? 0;
  assertInteger(fn, 'options.n', n, 0);
  assertInteger(fn, 'options.numMagnitudeBins', bins, 2);
  assertInteger(fn, 'options.m', m, 0);
  if (m >= bins)
    throw new TricksError(
      fn,
      'options.m',
      `an integer in [0, ${bins - 1}] (numMagnitudeBins − 1)`,
      describeValue(m),
    );
  if (std !== Number.POSITIVE_INFINITY)
    assertNumberInRange(fn, 'options.magnitudeStd', std, 0, Number.MAX_VALUE);
  return policyAugmentation(fn, `randAugment(n=${n}, m=${m})`, warp, (rng, batchSize, [h, w]) => {
    const space = autoAugmentSpace(bins, h, w, true);
    const ops = Object.keys(space) as PolicyOpName[];
    const draws = Array.from({ length: batchSize }, () =>
      Array.from({ length: n }, (): OpDraw => {
        const op = ops[rng.int(0, ops.length)]!;
        let bin = m;
        if (std === Number.POSITIVE_INFINITY) bin = rng.uniform(0, m);
        else if (std > 0) bin = Math.min(Math.max(rng.normal(m, std), 0), bins - 1);
        const magnitude = drawMagnitude(rng, space, op, (t) =>
          op === 'Posterize' ? Math.round(magnitudeAt(t, bin)) : magnitudeAt(t, bin),
        );
        return { op, magnitude };
      }),
    );
    return { stages: toStages(draws, n) };
  });
}
