export { type ConstantOptions, type ConstantSpec, constant } from './constant';
export { type CosineOptions, type CosineSpec, cosine } from './cosine';
export {
  type CosineWarmRestartsOptions,
  type CosineWarmRestartsSpec,
  cosineWarmRestarts,
} from './cosine-warm-restarts';
export {
  createScheduler,
  SCHEDULER_NAMES,
  SCHEDULER_OPTIONS,
  type SchedulerName,
  type SchedulerSpec,
} from './create-scheduler';
export { type CyclicMode, type CyclicOptions, type CyclicSpec, cyclic, cyclicMomentum } from './cyclic';
export { type ExponentialOptions, type ExponentialSpec, exponential } from './exponential';
export { type JoinSpec, join } from './join';
export { type LinearOptions, type LinearSpec, linear } from './linear';
export { type MultiStepOptions, type MultiStepSpec, multiStep } from './multi-step';
export { type OneCycleOptions, type OneCycleSpec, oneCycle, oneCycleMomentum } from './one-cycle';
export { type EpochDrivenSpec, perEpoch, perUpdate } from './per-epoch';
export { type PolynomialOptions, type PolynomialSpec, polynomial } from './polynomial';
export {
  ReduceOnPlateau,
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
} from './reduce-on-plateau';
export { type ScheduleSamples, sample } from './sample';
export type { Schedule, SerializableSchedule } from './schedule';
export { isSerializable } from './schedule';
export {
  type LearningRateSettable,
  type ScheduleCallback,
  type ScheduleCallbackOptions,
  scheduleCallback,
} from './schedule-callback';
export { type ScheduleSpec, scheduleFromJSON, scheduleToJSON } from './schedule-json';
export { type StepDecayOptions, type StepDecaySpec, stepDecay } from './step-decay';
export { UpdateCounter, type UpdateCounterOptions, type UpdateCounterState } from './update-counter';
export { type WarmupOptions, type WarmupSpec, warmup } from './warmup';
