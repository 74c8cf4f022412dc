import { assertInteger, assertProbability, describeValue, TricksError } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { CIFAR10_POLICY, IMAGENET_POLICY, SVHN_POLICY } from './auto-augment-policies';
import {
  checkPolicyWarp,
  drawMagnitude,
  type OpDraw,
  type PolicyParams,
  policyAugmentation,
  toStages,
} from './policy-augmentation';
import { autoAugmentSpace, POLICY_OPS, type PolicyStep, type PolicyWarpOptions } from './policy-ops';

/** The published AutoAugment policies. */
export type AutoAugmentPolicyName = 'imagenet' | 'cifar10' | 'svhn';

/**
 * A policy table: sub-policies of steps (op, probability, magnitude bin). JSON-able — what
 * `fastAutoAugment` (`@tftricks/augment/search`) returns and what a policy file holds.
 */
export interface CustomPolicy {
  subPolicies: PolicyStep[][];
  /** Number of magnitude bins the steps index into; default 10 (AutoAugment's). */
  numBins?: number;
}

/** Options of {@link autoAugment}. */
export interface AutoAugmentOptions extends PolicyWarpOptions {
  /** A published policy or a {@link CustomPolicy}; default `'imagenet'`. */
  policy?: AutoAugmentPolicyName | CustomPolicy;
}

/** Parameters of {@link autoAugment}: each image's sub-policy and the ops it ran. */
export interface AutoAugmentParams extends PolicyParams {
  subPolicy: number[];
}

const TABLES = { imagenet: IMAGENET_POLICY, cifar10: CIFAR10_POLICY, svhn: SVHN_POLICY } as const;

/** A published policy as a {@link CustomPolicy} (torchvision 0.14's `AutoAugmentPolicy` table). */
export function autoAugmentPolicy(name: AutoAugmentPolicyName): CustomPolicy {
  const table = TABLES[name];
  if (!table)
    throw new TricksError(
      'autoAugmentPolicy',
      'name',
      "'imagenet', 'cifar10' or 'svhn'",
      describeValue(name),
    );
  return {
    numBins: 10,
    subPolicies: table.map((sub) => sub.map(([op, p, magnitude]) => ({ op, p, magnitude }))),
  };
}

const NO_MAGNITUDE = new Set(['Identity', 'AutoContrast', 'Equalize', 'Invert']);

/** Throws unless `policy` is a valid {@link CustomPolicy}; returns its bin count. */
export function checkCustomPolicy(fn: string, arg: string, policy: CustomPolicy): number {
  if (
    policy === null ||
    typeof policy !== 'object' ||
    !Array.isArray(policy.subPolicies) ||
    policy.subPolicies.length === 0
  )
    throw new TricksError(
      fn,
      arg,
      '{ subPolicies: non-empty array of steps arrays, numBins? }',
      describeValue(policy),
    );
  const bins = policy.numBins ?? 10;
  assertInteger(fn, `${arg}.numBins`, bins, 2);
  policy.subPolicies.forEach((sub, i) => {
    if (!Array.isArray(sub) || sub.length === 0)
      throw new TricksError(
        fn,
        `${arg}.subPolicies[${i}]`,
        'a non-empty array of { op, p, magnitude }',
        describeValue(sub),
      );
    sub.forEach((step, j) => {
      const at = `${arg}.subPolicies[${i}][${j}]`;
      if (step === null || typeof step !== 'object' || !(POLICY_OPS as readonly string[]).includes(step.op))
        throw new TricksError(fn, `${at}.op`, `one of ${POLICY_OPS.join(', ')}`, describeValue(step?.op));
      assertProbability(fn, `${at}.p`, step.p);
      if (NO_MAGNITUDE.has(step.op)) {
        if (step.magnitude !== null && step.magnitude !== undefined)
          assertInteger(fn, `${at}.magnitude`, step.magnitude, 0);
      } else {
        assertInteger(fn, `${at}.magnitude`, step.magnitude, 0);
        if ((step.magnitude as number) >= bins)
          throw new TricksError(
            fn,
            `${at}.magnitude`,
            `a bin index < numBins = ${bins}`,
            describeValue(step.magnitude),
          );
      }
    });
  });
  return bins;
}

/**
 * AutoAugment (Cubuk et al. 2019), torchvision 0.14 `AutoAugment` semantics, batched: each
 * image draws one sub-policy uniformly; each step runs with its probability at its magnitude
 * bin (signed ops get a random sign). Magnitudes follow torchvision's tables for the image size
 * (`_augmentation_space(numBins, [H, W])`). Images are processed per stage by grouping them by
 * op. Colour-only ops are identities on 1-channel images, as in torchvision.
 *
 * Input/output: `Images` [N, H, W, C] in [0, 1], C ∈ {1, 3, 4}; targets pass through.
 * Params `{ subPolicy, stages }` replay the batch exactly.
 */
export function autoAugment(options: AutoAugmentOptions = {}): Augmentation<AutoAugmentParams> {
  const fn = 'autoAugment';
  const warp = checkPolicyWarp(fn, options);
  const chosen = options.policy ?? 'imagenet';
  let policy: CustomPolicy;
  if (typeof chosen === 'string') {
    if (!(chosen in TABLES))
      throw new TricksError(
        fn,
        'options.policy',
        "'imagenet', 'cifar10', 'svhn' or a custom policy",
        describeValue(chosen),
      );
    policy = autoAugmentPolicy(chosen);
  } else policy = chosen;
  const bins = checkCustomPolicy(fn, 'options.policy', policy);
  // Copy so later edits of the caller's object cannot change an augmentation in use.
  const subPolicies = policy.subPolicies.map((s) => s.map((step) => ({ ...step })));
  const stageCount = Math.max(...subPolicies.map((s) => s.length));
  return policyAugmentation(
    fn,
    `autoAugment(${typeof chosen === 'string' ? chosen : 'custom'})`,
    warp,
    (rng, batchSize, [h, w]) => {
      const space = autoAugmentSpace(bins, h, w);
      const subPolicy: number[] = [];
      const draws = Array.from({ length: batchSize }, () => {
        const k = rng.int(0, subPolicies.length);
        subPolicy.push(k);
        return subPolicies[k]!.map((step): OpDraw => {
          const applied = rng.uniform() < step.p;
          const magnitude = drawMagnitude(rng, space, step.op, (t) => t[step.magnitude ?? 0]!);
          return applied ? { op: step.op, magnitude } : { op: 'Identity', magnitude: 0 };
        });
      });
      return { subPolicy, stages: toStages(draws, stageCount) };
    },
  );
}
