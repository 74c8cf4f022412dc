import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import { assertSchedule, type Schedule } from './schedule';

/**
 * Anything whose learning rate can be set between updates: a `TricksOptimizer` from
 * `@tftricks/optimizers`, or tfjs-core's `tf.train.sgd` / `tf.train.momentum`.
 */
export interface LearningRateSettable {
  setLearningRate(lr: number): void;
}

export interface ScheduleCallbackOptions {
  /** 'batch': one schedule step per optimizer update (default); 'epoch': one per epoch. */
  per?: 'batch' | 'epoch';
  /**
   * Updates per epoch. With `per: 'batch'` the step becomes `epoch · stepsPerEpoch + batch`,
   * so a fit resumed with `initialEpoch` lands on the right rate; without it the callback
   * counts batches itself from `initialStep`.
   */
  stepsPerEpoch?: number;
  /** The step of the first update when resuming without `stepsPerEpoch`; default 0. */
  initialStep?: number;
}

/**
 * A tfjs-layers callback (the `CustomCallbackArgs` shape that `model.fit({ callbacks })`
 * accepts). It needs nothing from tfjs-layers, so this package does not depend on it.
 */
export interface ScheduleCallback {
  onTrainBegin(): void;
  onEpochBegin(epoch: number): void;
  onBatchBegin(batch: number): void;
  /** The step the last rate was computed for (−1 before training starts). */
  readonly step: number;
  /** The last rate set on the optimizer (NaN before training starts). */
  readonly lr: number;
}

function className(x: unknown): string {
  const o = x as { getClassName?: () => string; constructor?: { name?: string } } | null;
  if (o && typeof o.getClassName === 'function') return `optimizer class '${o.getClassName()}'`;
  if (o && typeof o === 'object' && o.constructor?.name) return `an object of class '${o.constructor.name}'`;
  return describeValue(x);
}

/**
 * Sets an optimizer's learning rate from a schedule during `model.fit`:
 * `model.fit(x, y, { callbacks: [scheduleCallback(optimizer, schedule)] })`.
 * The rate is set before each update (`per: 'batch'`) or each epoch (`per: 'epoch'`).
 *
 * Works with any optimizer that has `setLearningRate(lr)`: a `TricksOptimizer` and tfjs's
 * `sgd` / `momentum`. tfjs's Adam, RMSProp, Adagrad, … fix their rate at construction, so
 * they are refused with a TricksError pointing to `@tftricks/optimizers`.
 */
export function scheduleCallback(
  optimizer: LearningRateSettable | object,
  schedule: Schedule,
  options: ScheduleCallbackOptions = {},
): ScheduleCallback {
  const fn = 'scheduleCallback';
  if (typeof (optimizer as Partial<LearningRateSettable> | null)?.setLearningRate !== 'function') {
    throw new TricksError(
      fn,
      'optimizer',
      'an optimizer with setLearningRate(lr): a TricksOptimizer from @tftricks/optimizers (e.g. ' +
        "createOptimizer('adam', …)), tf.train.sgd or tf.train.momentum; tfjs's adam, rmsprop, adagrad, " +
        'adadelta and adamax cannot change their rate, so use a TricksOptimizer from @tftricks/optimizers instead',
      className(optimizer),
    );
  }
  assertSchedule(fn, 'schedule', schedule);
  const { per = 'batch', stepsPerEpoch, initialStep = 0 } = options;
  assertOneOf(fn, 'options.per', per, ['batch', 'epoch'] as const);
  if (stepsPerEpoch !== undefined) assertInteger(fn, 'options.stepsPerEpoch', stepsPerEpoch, 1);
  assertInteger(fn, 'options.initialStep', initialStep, 0);
  const target = optimizer as LearningRateSettable;
  let epoch = 0;
  let counted = initialStep;
  let step = -1;
  let lr = Number.NaN;
  const apply = (t: number): void => {
    step = t;
    lr = schedule(t);
    target.setLearningRate(lr);
  };
  return {
    onTrainBegin() {
      counted = initialStep;
    },
    onEpochBegin(e: number) {
      epoch = e;
      if (per === 'epoch') apply(e);
    },
    onBatchBegin(batch: number) {
      if (per !== 'batch') return;
      apply(stepsPerEpoch !== undefined ? epoch * stepsPerEpoch + batch : counted);
      counted += 1;
    },
    get step() {
      return step;
    },
    get lr() {
      return lr;
    },
  };
}
