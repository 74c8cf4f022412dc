import { assertInteger } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import {
  checkPolicyWarp,
  drawMagnitude,
  type OpDraw,
  type PolicyParams,
  policyAugmentation,
  toStages,
} from './policy-augmentation';
import { type PolicyOpName, type PolicyWarpOptions, trivialAugmentWideSpace } from './policy-ops';

/** Options of {@link trivialAugmentWide}. */
export interface TrivialAugmentWideOptions extends PolicyWarpOptions {
  /** Number of magnitude bins, integer ≥ 2; default 31 (torchvision). */
  numMagnitudeBins?: number;
}

/**
 * TrivialAugment Wide (Müller & Hutter 2021), torchvision 0.14 `TrivialAugmentWide`, batched:
 * each image gets one op drawn uniformly from the 14 wide-range ops, at a magnitude bin drawn
 * uniformly, with a random sign for signed ops.
 *
 * Input/output: `Images` [N, H, W, C] in [0, 1]; params `{ stages }` (one stage) replay it.
 */
export function trivialAugmentWide(options: TrivialAugmentWideOptions = {}): Augmentation<PolicyParams> {
  const fn = 'trivialAugmentWide';
  const warp = checkPolicyWarp(fn, options);
  const bins = options.numMagnitudeBins ?? 31;
  assertInteger(fn, 'options.numMagnitudeBins', bins, 2);
  const space = trivialAugmentWideSpace(bins);
  const ops = Object.keys(space) as PolicyOpName[];
  return policyAugmentation(fn, 'trivialAugmentWide', warp, (rng, batchSize) => {
    const draws = Array.from({ length: batchSize }, (): OpDraw[] => {
      const op = ops[rng.int(0, ops.length)]!;
      return [{ op, magnitude: drawMagnitude(rng, space, op, (t) => t[rng.int(0, t.length)]!) }];
    });
    return { stages: toStages(draws, 1) };
  });
}
