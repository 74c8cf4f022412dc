import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface MultiStepOptions {
  /** The base learning rate, ≥ 0. */
  baseLr: number;
  /**
   * Update indices where the rate is multiplied by `gamma`: integers ≥ 0 in non-decreasing
   * order (a repeated milestone decays twice, as in PyTorch). Out-of-order lists are rejected
   * rather than sorted, since they are almost always a typo.
   */
  milestones: readonly number[];
  /** Multiplier per milestone, > 0; default 0.1. */
  gamma?: number;
}

export interface MultiStepSpec {
  type: 'multiStep';
  baseLr: number;
  milestones: number[];
  gamma: number;
}

/** PyTorch's `MultiStepLR`: `baseLr · gamma^(number of milestones ≤ t)`. */
export function multiStep(options: MultiStepOptions): SerializableSchedule<MultiStepSpec> {
  const { baseLr, milestones, gamma = 0.1 } = options;
  assertNumberInRange('multiStep', 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  if (!Array.isArray(milestones)) {
    throw new TricksError(
      'multiStep',
      'options.milestones',
      'an array of integers ≥ 0',
      describeValue(milestones),
    );
  }
  milestones.forEach((m, i) => {
    assertInteger('multiStep', `options.milestones[${i}]`, m, 0);
    if (i > 0 && m < milestones[i - 1]!) {
      throw new TricksError(
        'multiStep',
        'options.milestones',
        'milestones in non-decreasing order',
        `${m} after ${milestones[i - 1]} at index ${i}`,
      );
    }
  });
  assertPositive('multiStep', 'options.gamma', gamma);
  const ms = milestones.slice();
  const spec: MultiStepSpec = { type: 'multiStep', baseLr, milestones: ms, gamma };
  return defineSchedule(
    'multiStep',
    () => spec,
    (t) => {
      let passed = 0;
      while (passed < ms.length && ms[passed]! <= t) passed++;
      return baseLr * gamma ** passed;
    },
  );
}
