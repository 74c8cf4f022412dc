import { assertInteger } from '@tftricks/core';
import {
  assertSchedule,
  defineSchedule,
  innerSpec,
  type Schedule,
  type SerializableSchedule,
} from './schedule';

export interface EpochDrivenSpec {
  type: 'perEpoch' | 'perUpdate';
  stepsPerEpoch: number;
  schedule: { type: string };
}

/**
 * Drives an epoch-indexed schedule from the update counter, stepping once per epoch:
 * `perEpoch(s, n)(t) = s(⌊t / n⌋)`. Use it when a recipe is written in epochs
 * (PyTorch's `scheduler.step()` after each epoch) but the loop counts updates.
 *
 * @param stepsPerEpoch optimizer updates per epoch, an integer ≥ 1 (with gradient
 *   accumulation: micro-batches per epoch / accumulation steps).
 */
export function perEpoch(schedule: Schedule, stepsPerEpoch: number): SerializableSchedule<EpochDrivenSpec> {
  assertSchedule('perEpoch', 'schedule', schedule);
  assertInteger('perEpoch', 'stepsPerEpoch', stepsPerEpoch, 1);
  return defineSchedule(
    'perEpoch',
    () => ({ type: 'perEpoch', stepsPerEpoch, schedule: innerSpec('perEpoch', 'schedule', schedule) }),
    (t) => schedule(Math.floor(t / stepsPerEpoch)),
  );
}

/**
 * Drives an epoch-indexed schedule smoothly, at the fractional epoch of each update:
 * `perUpdate(s, n)(t) = s(t / n)` (timm's per-update stepping). Meaningful for continuous
 * schedules (cosine, warm restarts, polynomial, exponential); piecewise ones still change
 * only at whole epochs.
 */
export function perUpdate(schedule: Schedule, stepsPerEpoch: number): SerializableSchedule<EpochDrivenSpec> {
  assertSchedule('perUpdate', 'schedule', schedule);
  assertInteger('perUpdate', 'stepsPerEpoch', stepsPerEpoch, 1);
  return defineSchedule(
    'perUpdate',
    () => ({ type: 'perUpdate', stepsPerEpoch, schedule: innerSpec('perUpdate', 'schedule', schedule) }),
    (t) => schedule(t / stepsPerEpoch),
  );
}
