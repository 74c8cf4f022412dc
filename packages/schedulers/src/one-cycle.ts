import { assertInteger, assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface OneCycleOptions {
  /** The peak learning rate, > 0. */
  maxLr: number;
  /** Updates in the whole cycle, an integer ≥ 1. The schedule is defined for t ∈ [0, totalSteps]. */
  totalSteps: number;
  /** Fraction of the cycle spent rising, in (0, 1); default 0.3. */
  pctStart?: number;
  /** Annealing shape; default 'cos'. */
  anneal?: 'cos' | 'linear';
  /** Initial rate is `maxLr / divFactor`, > 0; default 25. */
  divFactor?: number;
  /** Final rate is `maxLr / divFactor / finalDivFactor`, > 0; default 1e4. */
  finalDivFactor?: number;
  /** fastai's three phases (up, back down to the initial rate, then annihilate); default false. */
  threePhase?: boolean;
  /** Momentum (or Adam's β1) at the LR peak, in [0, 1]; default 0.85. */
  baseMomentum?: number;
  /** Momentum at the start and end, in [0, 1]; default 0.95. */
  maxMomentum?: number;
}

/** The fully resolved options; shared by {@link oneCycle} and {@link oneCycleMomentum}. */
export interface OneCycleSpec {
  type: 'oneCycle' | 'oneCycleMomentum';
  maxLr: number;
  totalSteps: number;
  pctStart: number;
  anneal: 'cos' | 'linear';
  divFactor: number;
  finalDivFactor: number;
  threePhase: boolean;
  baseMomentum: number;
  maxMomentum: number;
}

interface Phase {
  end: number;
  lr: [number, number];
  momentum: [number, number];
}

function resolve(fn: string, options: OneCycleOptions): Omit<OneCycleSpec, 'type'> {
  const {
    maxLr,
    totalSteps,
    pctStart = 0.3,
    anneal = 'cos',
    divFactor = 25,
    finalDivFactor = 1e4,
    threePhase = false,
    baseMomentum = 0.85,
    maxMomentum = 0.95,
  } = options;
  assertPositive(fn, 'options.maxLr', maxLr);
  assertInteger(fn, 'options.totalSteps', totalSteps, 1);
  if (typeof pctStart !== 'number' || !(pctStart > 0 && pctStart < 1)) {
    throw new TricksError(fn, 'options.pctStart', 'a number in (0, 1)', describeValue(pctStart));
  }
  // PyTorch divides by the phase length; an empty phase is a ZeroDivisionError there.
  if (pctStart * totalSteps === 1 || (threePhase && 2 * pctStart * totalSteps - 1 === totalSteps)) {
    throw new TricksError(
      fn,
      'options.pctStart',
      'a value that leaves no phase empty',
      `${pctStart} with totalSteps ${totalSteps}`,
    );
  }
  assertOneOf(fn, 'options.anneal', anneal, ['cos', 'linear'] as const);
  assertPositive(fn, 'options.divFactor', divFactor);
  assertPositive(fn, 'options.finalDivFactor', finalDivFactor);
  if (typeof threePhase !== 'boolean')
    throw new TricksError(fn, 'options.threePhase', 'a boolean', describeValue(threePhase));
  assertNumberInRange(fn, 'options.baseMomentum', baseMomentum, 0, 1);
  assertNumberInRange(fn, 'options.maxMomentum', maxMomentum, 0, 1);
  return {
    maxLr,
    totalSteps,
    pctStart,
    anneal,
    divFactor,
    finalDivFactor,
    threePhase,
    baseMomentum,
    maxMomentum,
  };
}

/** The same phases, boundaries and annealing arithmetic as PyTorch 1.13's `OneCycleLR.get_lr`. */
function oneCycleCurve(
  fn: string,
  o: Omit<OneCycleSpec, 'type'>,
  which: 'lr' | 'momentum',
): (t: number) => number {
  const initial = o.maxLr / o.divFactor;
  const minLr = initial / o.finalDivFactor;
  const T = o.totalSteps;
  const p = o.pctStart;
  const [mLo, mHi] = [o.baseMomentum, o.maxMomentum];
  const phases: Phase[] = o.threePhase
    ? [
        { end: p * T - 1, lr: [initial, o.maxLr], momentum: [mHi, mLo] },
        { end: 2 * p * T - 2, lr: [o.maxLr, initial], momentum: [mLo, mHi] },
        { end: T - 1, lr: [initial, minLr], momentum: [mHi, mHi] },
      ]
    : [
        { end: p * T - 1, lr: [initial, o.maxLr], momentum: [mHi, mLo] },
        { end: T - 1, lr: [o.maxLr, minLr], momentum: [mLo, mHi] },
      ];
  const annealFn =
    o.anneal === 'cos'
      ? (a: number, b: number, pct: number) => b + ((a - b) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (a: number, b: number, pct: number) => (b - a) * pct + a;
  return (t) => {
    if (t > T) {
      throw new TricksError(fn, 'step', `a step ≤ totalSteps (${T}); PyTorch raises here too`, String(t));
    }
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const ph = phases[i]!;
      if (t <= ph.end || i === phases.length - 1) {
        const pct = (t - start) / (ph.end - start);
        const [a, b] = ph[which];
        return annealFn(a, b, pct);
      }
      start = ph.end;
    }
    return Number.NaN; // unreachable: the last phase always matches
  };
}

/**
 * PyTorch's `OneCycleLR` (Smith's 1cycle): rises from `maxLr / divFactor` to `maxLr` over
 * `pctStart · totalSteps` updates, then anneals to `maxLr / divFactor / finalDivFactor` at
 * `totalSteps − 1` (cos or linear; `threePhase` for fastai's variant). Defined for
 * t ∈ [0, totalSteps]; later steps throw, as PyTorch does.
 */
export function oneCycle(options: OneCycleOptions): SerializableSchedule<OneCycleSpec> {
  const o = resolve('oneCycle', options);
  const spec: OneCycleSpec = { type: 'oneCycle', ...o };
  return defineSchedule('oneCycle', () => spec, oneCycleCurve('oneCycle', o, 'lr'));
}

/**
 * The momentum (SGD momentum or Adam's β1) that `OneCycleLR` cycles inversely to the rate:
 * `maxMomentum → baseMomentum` while the rate rises, back to `maxMomentum` while it falls.
 * Same options as {@link oneCycle}; feed it to an optimizer's momentum each update.
 */
export function oneCycleMomentum(options: OneCycleOptions): SerializableSchedule<OneCycleSpec> {
  const o = resolve('oneCycleMomentum', options);
  const spec: OneCycleSpec = { type: 'oneCycleMomentum', ...o };
  return defineSchedule('oneCycleMomentum', () => spec, oneCycleCurve('oneCycleMomentum', o, 'momentum'));
}
