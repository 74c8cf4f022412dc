import { assertInteger } from '@tftricks/core';
import { assertSchedule, type Schedule } from './schedule';

/** Points of a schedule for a chart: `lr[i] = schedule(step[i])`. */
export interface ScheduleSamples {
  step: number[];
  lr: number[];
}

/**
 * Evaluates a schedule at `0, every, 2·every, … < steps` (plotSchedule-style data for charts).
 *
 * @param steps number of updates to cover, an integer ≥ 0.
 * @param every stride between samples, an integer ≥ 1; default 1.
 */
export function sample(schedule: Schedule, steps: number, every = 1): ScheduleSamples {
  assertSchedule('sample', 'schedule', schedule);
  assertInteger('sample', 'steps', steps, 0);
  assertInteger('sample', 'every', every, 1);
  const out: ScheduleSamples = { step: [], lr: [] };
  for (let t = 0; t < steps; t += every) {
    out.step.push(t);
    out.lr.push(schedule(t));
  }
  return out;
}
