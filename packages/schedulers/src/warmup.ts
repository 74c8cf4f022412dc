import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import {
  assertSchedule,
  defineSchedule,
  innerSpec,
  type Schedule,
  type SerializableSchedule,
} from './schedule';

export interface WarmupOptions {
  /** Warmup updates, an integer ≥ 0 (0 = no warmup). */
  steps: number;
  /** The rate at t = 0, ≥ 0; default 0 (timm's `warmup_lr_init`). */
  from?: number;
  /** The rate the ramp heads for (reached at t = steps); default `schedule(0)`, timm's base rate. */
  to?: number;
  /**
   * timm's `warmup_prefix`: when true the wrapped schedule starts after the warmup
   * (`schedule(t − steps)`); when false (timm's default) the warmup replaces its first
   * `steps` updates (`schedule(t)`).
   */
  prefix?: boolean;
}

export interface WarmupSpec {
  type: 'warmup';
  steps: number;
  from: number;
  to?: number;
  prefix: boolean;
  schedule: { type: string };
}

/**
 * Linear warmup in front of any schedule, with timm's semantics:
 * `from + t · (to − from) / steps` for t < steps, then the wrapped schedule.
 * `warmup(cosine(…), { steps, from })` equals timm's `CosineLRScheduler` with
 * `warmup_t = steps`, `warmup_lr_init = from`.
 */
export function warmup(schedule: Schedule, options: WarmupOptions): SerializableSchedule<WarmupSpec> {
  assertSchedule('warmup', 'schedule', schedule);
  const { steps, from = 0, to, prefix = false } = options;
  assertInteger('warmup', 'options.steps', steps, 0);
  assertNumberInRange('warmup', 'options.from', from, 0, Number.POSITIVE_INFINITY);
  if (to !== undefined) assertNumberInRange('warmup', 'options.to', to, 0, Number.POSITIVE_INFINITY);
  if (typeof prefix !== 'boolean')
    throw new TricksError('warmup', 'options.prefix', 'a boolean', describeValue(prefix));
  const target = to ?? schedule(0);
  // timm precomputes the per-step increment; the same order of operations keeps results bit-equal.
  const increment = steps > 0 ? (target - from) / steps : 0;
  return defineSchedule(
    'warmup',
    () => {
      const spec: WarmupSpec = {
        type: 'warmup',
        steps,
        from,
        prefix,
        schedule: innerSpec('warmup', 'schedule', schedule),
      };
      if (to !== undefined) spec.to = to;
      return spec;
    },
    (t) => (t < steps ? from + t * increment : schedule(prefix ? t - steps : t)),
  );
}
