import { assertInteger, describeValue, TricksError } from '@tftricks/core';

export interface UpdateCounterOptions {
  /** Micro-batches whose gradients are summed into one optimizer update, an integer ≥ 1; default 1. */
  accumulationSteps?: number;
}

/** The JSON-able state of an {@link UpdateCounter}. */
export interface UpdateCounterState {
  accumulationSteps: number;
  update: number;
  pending: number;
  microBatch: number;
  epoch: number;
}

/**
 * Counts optimizer updates under gradient accumulation, so the schedule steps once per
 * optimizer update — never once per micro-batch, the classic bug that makes a
 * `k`-step-accumulation run decay its rate `k` times too fast.
 *
 * @example
 * const counter = new UpdateCounter({ accumulationSteps: 4 });
 * for (const batch of batches) {
 *   accumulate(grads(batch));
 *   const t = counter.microBatchDone();
 *   if (t !== null) { optimizer.setLearningRate(schedule(t)); applyAccumulated(); }
 * }
 * const t = counter.endEpoch();
 * if (t !== null) { optimizer.setLearningRate(schedule(t)); applyAccumulated(); }
 */
export class UpdateCounter {
  readonly accumulationSteps: number;
  private updates = 0;
  private pending = 0;
  private micro = 0;
  private epochs = 0;

  constructor(options: UpdateCounterOptions = {}) {
    const { accumulationSteps = 1 } = options;
    assertInteger('UpdateCounter', 'options.accumulationSteps', accumulationSteps, 1);
    this.accumulationSteps = accumulationSteps;
  }

  /** Optimizer updates done so far: the step to pass to a schedule for the next update. */
  get update(): number {
    return this.updates;
  }

  /** Micro-batches seen so far. */
  get microBatch(): number {
    return this.micro;
  }

  /** Epochs completed so far. */
  get epoch(): number {
    return this.epochs;
  }

  /**
   * Records one micro-batch. When it completes an accumulation window the optimizer should
   * apply the accumulated gradients now: returns that update's 0-based index (the step to
   * pass to a schedule) and counts it; otherwise returns `null`.
   */
  microBatchDone(): number | null {
    this.micro += 1;
    this.pending += 1;
    if (this.pending < this.accumulationSteps) return null;
    this.pending = 0;
    return this.updates++;
  }

  /**
   * Ends an epoch. When a partial window is pending (the epoch length is not a multiple of
   * `accumulationSteps`) it should be applied now, as Hugging Face's Trainer does: returns
   * that update's index and counts it; otherwise returns `null`.
   */
  endEpoch(): number | null {
    this.epochs += 1;
    if (this.pending === 0) return null;
    this.pending = 0;
    return this.updates++;
  }

  /** A JSON-able snapshot for checkpoints. */
  state(): UpdateCounterState {
    return {
      accumulationSteps: this.accumulationSteps,
      update: this.updates,
      pending: this.pending,
      microBatch: this.micro,
      epoch: this.epochs,
    };
  }

  /** Restores a counter saved with `state()`. */
  static fromState(state: UpdateCounterState): UpdateCounter {
    if (state === null || typeof state !== 'object') {
      throw new TricksError(
        'UpdateCounter.fromState',
        'state',
        'an object from UpdateCounter.state()',
        describeValue(state),
      );
    }
    const c = new UpdateCounter({ accumulationSteps: state.accumulationSteps });
    for (const key of ['update', 'pending', 'microBatch', 'epoch'] as const) {
      assertInteger('UpdateCounter.fromState', `state.${key}`, state[key], 0);
    }
    if (state.pending >= c.accumulationSteps) {
      throw new TricksError(
        'UpdateCounter.fromState',
        'state.pending',
        `an integer < ${c.accumulationSteps}`,
        String(state.pending),
      );
    }
    c.updates = state.update;
    c.pending = state.pending;
    c.micro = state.microBatch;
    c.epochs = state.epoch;
    return c;
  }
}
