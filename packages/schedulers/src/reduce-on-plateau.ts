import { assertInteger, assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';

export interface ReduceOnPlateauOptions {
  /** The starting learning rate, ≥ 0. */
  lr: number;
  /** 'min' when lower metrics are better (loss), 'max' when higher are (accuracy); default 'min'. */
  mode?: 'min' | 'max';
  /** Multiplier applied on a plateau, in [0, 1); default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing, an integer ≥ 0; default 10. */
  patience?: number;
  /** The smallest change that counts as an improvement, ≥ 0; default 1e-4. */
  threshold?: number;
  /** 'rel': better than `best · (1 ∓ threshold)`; 'abs': better than `best ∓ threshold`; default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again, an integer ≥ 0; default 0. */
  cooldown?: number;
  /** The rate never goes below this, ≥ 0; default 0. */
  minLr?: number;
  /** Reductions smaller than this are skipped, ≥ 0; default 1e-8. */
  eps?: number;
}

/** The JSON-able state of a {@link ReduceOnPlateau}: its options and counters. */
export interface ReduceOnPlateauState {
  options: Required<ReduceOnPlateauOptions>;
  lr: number;
  /** The best metric so far; `null` before the first `step` (±Infinity is not JSON). */
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

function resolve(options: ReduceOnPlateauOptions): Required<ReduceOnPlateauOptions> {
  const fn = 'ReduceOnPlateau';
  const o: Required<ReduceOnPlateauOptions> = {
    lr: options.lr,
    mode: options.mode ?? 'min',
    factor: options.factor ?? 0.1,
    patience: options.patience ?? 10,
    threshold: options.threshold ?? 1e-4,
    thresholdMode: options.thresholdMode ?? 'rel',
    cooldown: options.cooldown ?? 0,
    minLr: options.minLr ?? 0,
    eps: options.eps ?? 1e-8,
  };
  assertNumberInRange(fn, 'options.lr', o.lr, 0, Number.POSITIVE_INFINITY);
  assertOneOf(fn, 'options.mode', o.mode, ['min', 'max'] as const);
  if (typeof o.factor !== 'number' || !(o.factor >= 0 && o.factor < 1)) {
    throw new TricksError(fn, 'options.factor', 'a number in [0, 1)', describeValue(o.factor));
  }
  assertInteger(fn, 'options.patience', o.patience, 0);
  assertNumberInRange(fn, 'options.threshold', o.threshold, 0, Number.POSITIVE_INFINITY);
  assertOneOf(fn, 'options.thresholdMode', o.thresholdMode, ['rel', 'abs'] as const);
  assertInteger(fn, 'options.cooldown', o.cooldown, 0);
  assertNumberInRange(fn, 'options.minLr', o.minLr, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange(fn, 'options.eps', o.eps, 0, Number.POSITIVE_INFINITY);
  return o;
}

/**
 * PyTorch's `ReduceLROnPlateau`: call `step(metric)` once per evaluation; after more than
 * `patience` evaluations without improvement the rate is multiplied by `factor` (never below
 * `minLr`), then `cooldown` evaluations are ignored. Stateful by nature (it depends on the
 * metrics seen), so unlike the pure schedules it saves and restores with `state()` / `fromState()`.
 */
export class ReduceOnPlateau {
  readonly options: Required<ReduceOnPlateauOptions>;
  private current: number;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private lastEpoch = 0;

  constructor(options: ReduceOnPlateauOptions) {
    this.options = resolve(options);
    this.current = this.options.lr;
    this.best = this.worst();
  }

  /** The learning rate to use now. */
  get lr(): number {
    return this.current;
  }

  /** Feeds one evaluation's metric (finite) and returns the learning rate from now on. */
  step(metric: number): number {
    if (typeof metric !== 'number' || !Number.isFinite(metric)) {
      throw new TricksError('ReduceOnPlateau.step', 'metric', 'a finite number', describeValue(metric));
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.options.patience) {
      const next = Math.max(this.current * this.options.factor, this.options.minLr);
      if (this.current - next > this.options.eps) this.current = next;
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    return this.current;
  }

  /** A JSON-able snapshot; `ReduceOnPlateau.fromState(s)` continues exactly from it. */
  state(): ReduceOnPlateauState {
    return {
      options: { ...this.options },
      lr: this.current,
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
    };
  }

  /** Restores a scheduler saved with `state()`. */
  static fromState(state: ReduceOnPlateauState): ReduceOnPlateau {
    if (state === null || typeof state !== 'object' || typeof state.options !== 'object') {
      throw new TricksError(
        'ReduceOnPlateau.fromState',
        'state',
        'an object from ReduceOnPlateau.state()',
        describeValue(state),
      );
    }
    const fn = 'ReduceOnPlateau.fromState';
    const r = new ReduceOnPlateau(state.options);
    assertNumberInRange(fn, 'state.lr', state.lr, 0, Number.POSITIVE_INFINITY);
    if (state.best !== null)
      assertNumberInRange(fn, 'state.best', state.best, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    assertInteger(fn, 'state.numBadEpochs', state.numBadEpochs, 0);
    assertInteger(fn, 'state.cooldownCounter', state.cooldownCounter, 0);
    assertInteger(fn, 'state.lastEpoch', state.lastEpoch, 0);
    r.current = state.lr;
    r.best = state.best ?? r.worst();
    r.numBadEpochs = state.numBadEpochs;
    r.cooldownCounter = state.cooldownCounter;
    r.lastEpoch = state.lastEpoch;
    return r;
  }

  private worst(): number {
    return this.options.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(a: number): boolean {
    const { mode, thresholdMode, threshold } = this.options;
    if (mode === 'min')
      return thresholdMode === 'rel' ? a < this.best * (1 - threshold) : a < this.best - threshold;
    return thresholdMode === 'rel' ? a > this.best * (threshold + 1) : a > this.best + threshold;
  }
}
