import { assertFiniteNumber, describeValue, TricksError } from '@tftricks/core';
import type { Schedule } from '@tftricks/schedulers';

/** A learning rate: a constant or a {@link Schedule} of the 0-based update count. */
export type LearningRate = number | Schedule;

/** Validates a learning rate argument (a finite number ≥ 0, or a function). */
export function assertLearningRate(fn: string, arg: string, lr: unknown): asserts lr is LearningRate {
  if (typeof lr === 'function') return;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new TricksError(fn, arg, 'a finite number ≥ 0 or a Schedule (step) => number', describeValue(lr));
  }
}

/** Evaluates a learning rate at `step`, refusing a schedule that returns NaN/Infinity. */
export function learningRateAt(fn: string, lr: LearningRate, step: number): number {
  const value = typeof lr === 'number' ? lr : lr(step);
  assertFiniteNumber(fn, `learningRate(${step})`, value);
  return value;
}
