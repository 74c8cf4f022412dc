import { describeValue, TricksError } from '@tftricks/core';

/**
 * A learning-rate schedule: `schedule(t)` is the learning rate of the t-th optimizer update
 * (0-based). It equals PyTorch's `scheduler.get_last_lr()` after t calls to `scheduler.step()`.
 * Pure and closed-form, so the training loop owns the counter and resuming is trivial.
 */
export type Schedule = (step: number) => number;

/**
 * A schedule built by a factory of this package: still a plain `Schedule`, plus its JSON
 * `spec` (`{ type: 'cosine', baseLr, tMax, min }`, …) so a recipe file can hold it.
 * `JSON.stringify(schedule)` writes the spec; `scheduleFromJSON(spec)` rebuilds it.
 */
export interface SerializableSchedule<S extends { type: string } = { type: string }> extends Schedule {
  /** The JSON form of this schedule (throws for a composite that wraps a plain function). */
  readonly spec: S;
  toJSON(): S;
}

/**
 * Wraps a closed form `lr(t)` as a {@link SerializableSchedule} named `fn`. The step is
 * checked on every call (a negative or NaN step is a bug upstream, never clamped).
 * `spec` is a thunk so composites can refuse serialization lazily when they wrap a plain function.
 */
export function defineSchedule<S extends { type: string }>(
  fn: string,
  spec: () => S,
  lr: (t: number) => number,
): SerializableSchedule<S> {
  const schedule = (step: number): number => {
    if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
      throw new TricksError(
        fn,
        'step',
        'a finite number ≥ 0 (the 0-based update index)',
        describeValue(step),
      );
    }
    return lr(step);
  };
  Object.defineProperty(schedule, 'name', { value: fn });
  Object.defineProperty(schedule, 'spec', { get: spec, enumerable: false });
  Object.defineProperty(schedule, 'toJSON', { value: spec, enumerable: false });
  return schedule as SerializableSchedule<S>;
}

/** True when `s` carries a JSON spec (it was made by a factory of this package). */
export function isSerializable(s: Schedule): s is SerializableSchedule {
  return typeof (s as Partial<SerializableSchedule>).toJSON === 'function';
}

/** The spec of an inner schedule of a composite, or a TricksError naming the composite. */
export function innerSpec(fn: string, arg: string, s: Schedule): { type: string } {
  if (!isSerializable(s)) {
    throw new TricksError(
      fn,
      arg,
      'a schedule made by a @tftricks/schedulers factory (to serialize it)',
      'a plain function',
    );
  }
  return s.toJSON();
}

/** Throws unless `s` is callable (a Schedule). */
export function assertSchedule(fn: string, arg: string, s: unknown): asserts s is Schedule {
  if (typeof s !== 'function')
    throw new TricksError(fn, arg, 'a schedule (step) => number', describeValue(s));
}
