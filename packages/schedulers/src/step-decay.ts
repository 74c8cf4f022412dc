import { assertInteger, assertNumberInRange } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface StepDecayOptions {
  /** The base learning rate, ≥ 0. */
  baseLr: number;
  /** Updates between decays, an integer ≥ 1. */
  stepSize: number;
  /** Multiplier applied every `stepSize` updates, > 0; default 0.1. */
  gamma?: number;
}

export interface StepDecaySpec {
  type: 'stepDecay';
  baseLr: number;
  stepSize: number;
  gamma: number;
}

/** PyTorch's `StepLR`: `baseLr · gamma^⌊t / stepSize⌋`. */
export function stepDecay(options: StepDecayOptions): SerializableSchedule<StepDecaySpec> {
  const { baseLr, stepSize, gamma = 0.1 } = options;
  assertNumberInRange('stepDecay', 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  assertInteger('stepDecay', 'options.stepSize', stepSize, 1);
  assertPositive('stepDecay', 'options.gamma', gamma);
  const spec: StepDecaySpec = { type: 'stepDecay', baseLr, stepSize, gamma };
  return defineSchedule(
    'stepDecay',
    () => spec,
    (t) => baseLr * gamma ** Math.floor(t / stepSize),
  );
}
