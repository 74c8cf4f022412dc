import * as tf from '@tensorflow/tfjs-core';
import { describeValue, type Rng, TricksError, withTrustedRange } from '@tftricks/core';
import type { Augmentation, ImageShape } from '../base/augmentation';
import { checkBatch } from '../base/batch-checks';
import { checkWarpOptions } from '../geometric/projective-warp';
import {
  applyStages,
  checkStage,
  type MagnitudeSpace,
  type OpStage,
  type PolicyOpName,
  type PolicyWarpOptions,
} from './policy-ops';

/** Parameters of a policy augmentation: the per-image op and signed magnitude of every stage. */
export interface PolicyParams {
  stages: OpStage[];
}

/** One image's draw for one stage. */
export interface OpDraw {
  op: PolicyOpName;
  magnitude: number;
}

/** Validates the shared warp options of a policy; returns them with defaults. */
export function checkPolicyWarp(fn: string, options: PolicyWarpOptions): Required<PolicyWarpOptions> {
  return checkWarpOptions(fn, options ?? {}, null);
}

/**
 * The signed magnitude of `op` at `bin` in `space` (0 for ops without a magnitude); a random
 * sign (one fair coin) for signed ops, as torchvision draws it.
 */
export function drawMagnitude(
  rng: Rng,
  space: MagnitudeSpace,
  op: PolicyOpName,
  value: (t: number[]) => number,
): number {
  const entry = space[op];
  if (!entry || entry.magnitudes === null) return 0;
  const m = value(entry.magnitudes);
  return entry.signed && rng.bernoulli(0.5) ? -m : m;
}

/** Turns per-image stage draws (`draws[i][s]`) into per-stage arrays. */
export function toStages(draws: readonly (readonly OpDraw[])[], count: number): OpStage[] {
  return Array.from({ length: count }, (_, s) => ({
    ops: draws.map((d) => d[s]?.op ?? 'Identity'),
    magnitudes: draws.map((d) => d[s]?.magnitude ?? 0),
  }));
}

/**
 * Builds a policy augmentation from its sampler: `apply` runs the recorded stages, each one
 * batched by grouping images by op (never a per-image loop over tensors).
 */
export function policyAugmentation<P extends PolicyParams>(
  fn: string,
  name: string,
  warp: Required<PolicyWarpOptions>,
  sample: (rng: Rng, batchSize: number, imageShape: ImageShape) => P,
): Augmentation<P> {
  return {
    name,
    sample,
    apply(batch, params) {
      const n = checkBatch(fn, batch);
      if (params === null || typeof params !== 'object' || !Array.isArray(params.stages))
        throw new TricksError(fn, 'params', '{ stages: [{ ops, magnitudes }] }', describeValue(params));
      params.stages.forEach((s, k) => {
        checkStage(fn, `params.stages[${k}]`, s, n);
      });
      // Each stage's ops keep [0, 1]: the batch was range-checked once above.
      const images = withTrustedRange(() => applyStages(batch.images, params.stages, warp));
      return { images, targets: tf.clone(batch.targets) };
    },
  };
}
