import { describeValue, TricksError } from '@tftricks/core';
import { type ConstantSpec, constant } from './constant';
import { type CosineSpec, cosine } from './cosine';
import { type CosineWarmRestartsSpec, cosineWarmRestarts } from './cosine-warm-restarts';
import { type CyclicSpec, cyclic, cyclicMomentum } from './cyclic';
import { type ExponentialSpec, exponential } from './exponential';
import { type JoinSpec, join } from './join';
import { type LinearSpec, linear } from './linear';
import { type MultiStepSpec, multiStep } from './multi-step';
import { type OneCycleSpec, oneCycle, oneCycleMomentum } from './one-cycle';
import { type EpochDrivenSpec, perEpoch, perUpdate } from './per-epoch';
import { type PolynomialSpec, polynomial } from './polynomial';
import { isSerializable, type Schedule, type SerializableSchedule } from './schedule';
import { type StepDecaySpec, stepDecay } from './step-decay';
import { type WarmupSpec, warmup } from './warmup';

/** The JSON form of every schedule this package builds (`schedule.toJSON()`). */
export type ScheduleSpec =
  | ConstantSpec
  | LinearSpec
  | StepDecaySpec
  | MultiStepSpec
  | ExponentialSpec
  | PolynomialSpec
  | CosineSpec
  | CosineWarmRestartsSpec
  | OneCycleSpec
  | CyclicSpec
  | WarmupSpec
  | JoinSpec
  | EpochDrivenSpec;

/** The JSON spec of a schedule built by this package; throws for a plain function. */
export function scheduleToJSON(schedule: Schedule): ScheduleSpec {
  if (typeof schedule !== 'function' || !isSerializable(schedule)) {
    throw new TricksError(
      'scheduleToJSON',
      'schedule',
      'a schedule made by a @tftricks/schedulers factory',
      typeof schedule === 'function' ? 'a plain function' : describeValue(schedule),
    );
  }
  return schedule.toJSON() as ScheduleSpec;
}

/**
 * Rebuilds a schedule from its JSON spec (the inverse of {@link scheduleToJSON}). The spec
 * goes through the same validation as the factory, so a hand-edited recipe fails loudly.
 */
export function scheduleFromJSON(spec: ScheduleSpec): SerializableSchedule {
  if (spec === null || typeof spec !== 'object' || typeof spec.type !== 'string') {
    throw new TricksError('scheduleFromJSON', 'spec', "an object with a string 'type'", describeValue(spec));
  }
  switch (spec.type) {
    case 'constant':
      return constant(spec);
    case 'linear':
      return linear(spec);
    case 'stepDecay':
      return stepDecay(spec);
    case 'multiStep':
      return multiStep(spec);
    case 'exponential':
      return exponential(spec);
    case 'polynomial':
      return polynomial(spec);
    case 'cosine':
      return cosine(spec);
    case 'cosineWarmRestarts':
      return cosineWarmRestarts(spec);
    case 'oneCycle':
      return oneCycle(spec);
    case 'oneCycleMomentum':
      return oneCycleMomentum(spec);
    case 'cyclic':
      return cyclic(spec);
    case 'cyclicMomentum':
      return cyclicMomentum(spec);
    case 'warmup':
      return warmup(scheduleFromJSON(spec.schedule as ScheduleSpec), spec);
    case 'join':
      return join(
        spec.schedules.map((s) => scheduleFromJSON(s as ScheduleSpec)),
        spec.boundaries,
      );
    case 'perEpoch':
      return perEpoch(scheduleFromJSON(spec.schedule as ScheduleSpec), spec.stepsPerEpoch);
    case 'perUpdate':
      return perUpdate(scheduleFromJSON(spec.schedule as ScheduleSpec), spec.stepsPerEpoch);
    default: {
      const type: string = (spec as { type: string }).type;
      throw new TricksError(
        'scheduleFromJSON',
        'spec.type',
        'a schedule type of @tftricks/schedulers',
        JSON.stringify(type),
      );
    }
  }
}
