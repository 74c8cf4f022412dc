import { assertInteger, assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import { constant } from './constant';
import { cosine } from './cosine';
import { cosineWarmRestarts } from './cosine-warm-restarts';
import { exponential } from './exponential';
import { linear } from './linear';
import { multiStep } from './multi-step';
import { oneCycle } from './one-cycle';
import { polynomial } from './polynomial';
import type { SerializableSchedule } from './schedule';
import { stepDecay } from './step-decay';
import { warmup } from './warmup';

/** Names {@link createScheduler} understands: the registry a recipe file names schedules from. */
export const SCHEDULER_NAMES = [
  'constant',
  'linear',
  'cosine',
  'cosineWarmRestarts',
  'oneCycle',
  'stepDecay',
  'multiStep',
  'exponential',
  'polynomial',
] as const;
/** One of {@link SCHEDULER_NAMES}. */
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

/**
 * A schedule for a whole run, by name (timm's `create_scheduler`): the run's length and base
 * rate, the name, and that schedule's own settings. Settings a schedule does not read are an
 * error ({@link SCHEDULER_OPTIONS} lists the ones each reads).
 */
export interface SchedulerSpec {
  /** One of {@link SCHEDULER_NAMES}. */
  type: SchedulerName;
  /** The base (peak) learning rate, ≥ 0 (> 0 for `oneCycle`). */
  learningRate: number;
  /** Optimizer updates of the whole run, an integer ≥ 1 (warmup included). */
  totalSteps: number;
  /** Linear warmup updates in front of the schedule (timm `warmup_t`, prefix), an integer ≥ 0; default 0. Not with `oneCycle` (it has its own warm phase). */
  warmupSteps?: number;
  /** The rate at update 0 of the warmup (timm `warmup_lr_init`), ≥ 0; default 0. */
  warmupFrom?: number;
  /** `cosine`, `cosineWarmRestarts`, `linear`: the floor, in [0, learningRate]; default 0. */
  min?: number;
  /** `oneCycle`: fraction of the run spent rising, in (0, 1); default 0.25. */
  pctStart?: number;
  /** `oneCycle`: the run starts at `learningRate / divFactor`, > 0; default 25. */
  divFactor?: number;
  /** `oneCycle`: the run ends at `learningRate / divFactor / finalDivFactor`, > 0; default 1e4. */
  finalDivFactor?: number;
  /** `oneCycle`: `'cos'` (default) or `'linear'` annealing. */
  anneal?: 'cos' | 'linear';
  /** `oneCycle`: fastai's three phases; default false. */
  threePhase?: boolean;
  /** `stepDecay`: updates between decays, an integer ≥ 1; default a third of the run (after warmup). */
  stepSize?: number;
  /** `stepDecay`, `multiStep` (default 0.1), `exponential` (required): the decay factor, > 0. */
  gamma?: number;
  /** `multiStep` (required): the updates (after warmup) at which the rate is multiplied by `gamma`. */
  milestones?: number[];
  /** `cosineWarmRestarts`: cycles in the run (after warmup) when `tMult` is 1, an integer ≥ 1; default 1. */
  cycles?: number;
  /** `cosineWarmRestarts`: each cycle is `tMult` times longer, an integer ≥ 1; default 1. */
  tMult?: number;
  /** `cosineWarmRestarts`: cycle i peaks at `learningRate · decay^i`, > 0; default 1. */
  decay?: number;
  /** `polynomial`: the power of the decay to 0, ≥ 0; default 1. */
  power?: number;
}

const COMMON = ['type', 'learningRate', 'totalSteps', 'warmupSteps', 'warmupFrom'] as const;

/** The settings each schedule reads, besides `type`, `learningRate`, `totalSteps` and the warmup. */
export const SCHEDULER_OPTIONS: Readonly<Record<SchedulerName, readonly (keyof SchedulerSpec)[]>> = {
  constant: [],
  linear: ['min'],
  cosine: ['min'],
  cosineWarmRestarts: ['min', 'cycles', 'tMult', 'decay'],
  oneCycle: ['pctStart', 'divFactor', 'finalDivFactor', 'anneal', 'threePhase'],
  stepDecay: ['stepSize', 'gamma'],
  multiStep: ['milestones', 'gamma'],
  exponential: ['gamma'],
  polynomial: ['power'],
};

const FN = 'createScheduler';

/** `oneCycle`'s length and warm fraction for `total` updates (see the comment inside). */
function oneCycleShape(total: number, pct: number): { totalSteps: number; pctStart: number } {
  const totalSteps = Math.max(2, total);
  // A warm phase of exactly one update is empty in PyTorch's formula (oneCycle refuses it);
  // short runs (e.g. 4 updates at 0.25) then warm up over two updates instead.
  const pctStart = Math.abs(pct * totalSteps - 1) < 1e-9 ? Math.min(0.9, 2 / totalSteps) : pct;
  return { totalSteps, pctStart };
}

/**
 * Builds a learning-rate schedule for a whole run by name, so a recipe file can hold one
 * (timm's `create_scheduler`): the run's length and base rate fill the schedule's own
 * lengths (`cosine`'s `tMax`, `polynomial`'s `totalIters`, …), and `warmupSteps` puts a linear
 * warmup in front (timm's `warmup_prefix`).
 *
 * `createScheduler({ type: 'cosine', learningRate: 3e-3, totalSteps: 1000, warmupSteps: 50 })`
 * is `warmup(cosine({ baseLr: 3e-3, tMax: 950 }), { steps: 50, prefix: true })`. The result is
 * a {@link SerializableSchedule}: `schedule(t)` is the rate of the t-th update (0-based).
 */
export function createScheduler(spec: SchedulerSpec): SerializableSchedule {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    throw new TricksError(FN, 'spec', '{ type, learningRate, totalSteps, … }', describeValue(spec));
  assertOneOf(FN, 'spec.type', spec.type, SCHEDULER_NAMES);
  const type = spec.type;
  const known = new Set<string>([...COMMON, ...SCHEDULER_OPTIONS[type]]);
  for (const key of Object.keys(spec)) {
    if (!known.has(key) && (spec as unknown as Record<string, unknown>)[key] !== undefined)
      throw new TricksError(
        FN,
        `spec.${key}`,
        `one of ${[...known].join(', ')} for '${type}'`,
        'an unknown option',
      );
  }
  const lr = spec.learningRate;
  assertNumberInRange(FN, 'spec.learningRate', lr, 0, Number.POSITIVE_INFINITY);
  assertInteger(FN, 'spec.totalSteps', spec.totalSteps, 1);
  const warm = spec.warmupSteps ?? 0;
  assertInteger(FN, 'spec.warmupSteps', warm, 0);
  const from = spec.warmupFrom ?? 0;
  assertNumberInRange(FN, 'spec.warmupFrom', from, 0, Number.POSITIVE_INFINITY);
  const min = spec.min ?? 0;
  assertNumberInRange(FN, 'spec.min', min, 0, lr);
  // The schedule's own clock starts after the warmup.
  const rest = Math.max(1, spec.totalSteps - warm);

  if (type === 'oneCycle') {
    if (warm > 0)
      throw new TricksError(
        FN,
        'spec.warmupSteps',
        "0 for 'oneCycle' (its warm phase is pctStart of the run)",
        String(warm),
      );
    const shape = oneCycleShape(spec.totalSteps, spec.pctStart ?? 0.25);
    return oneCycle({
      maxLr: lr,
      ...shape,
      ...(spec.divFactor !== undefined ? { divFactor: spec.divFactor } : {}),
      ...(spec.finalDivFactor !== undefined ? { finalDivFactor: spec.finalDivFactor } : {}),
      ...(spec.anneal !== undefined ? { anneal: spec.anneal } : {}),
      ...(spec.threePhase !== undefined ? { threePhase: spec.threePhase } : {}),
    });
  }

  let base: SerializableSchedule;
  switch (type) {
    case 'constant':
      base = constant({ lr });
      break;
    case 'linear':
      base = linear({ baseLr: lr, startFactor: 1, endFactor: lr > 0 ? min / lr : 1, totalIters: rest });
      break;
    case 'cosine':
      base = cosine({ baseLr: lr, tMax: rest, min });
      break;
    case 'cosineWarmRestarts': {
      const cycles = spec.cycles ?? 1;
      assertInteger(FN, 'spec.cycles', cycles, 1);
      base = cosineWarmRestarts({
        baseLr: lr,
        t0: Math.max(1, Math.ceil(rest / cycles)),
        min,
        ...(spec.tMult !== undefined ? { tMult: spec.tMult } : {}),
        ...(spec.decay !== undefined ? { decay: spec.decay } : {}),
      });
      break;
    }
    case 'stepDecay':
      base = stepDecay({
        baseLr: lr,
        stepSize: spec.stepSize ?? Math.max(1, Math.floor(rest / 3)),
        gamma: spec.gamma ?? 0.1,
      });
      break;
    case 'multiStep':
      if (spec.milestones === undefined)
        throw new TricksError(FN, 'spec.milestones', "a list of update indices for 'multiStep'", 'undefined');
      base = multiStep({ baseLr: lr, milestones: spec.milestones, gamma: spec.gamma ?? 0.1 });
      break;
    case 'exponential':
      if (spec.gamma === undefined)
        throw new TricksError(FN, 'spec.gamma', "the per-update factor for 'exponential'", 'undefined');
      base = exponential({ baseLr: lr, gamma: spec.gamma });
      break;
    case 'polynomial':
      base = polynomial({
        baseLr: lr,
        totalIters: rest,
        ...(spec.power !== undefined ? { power: spec.power } : {}),
      });
      break;
  }
  return warm > 0 ? warmup(base, { steps: warm, from, prefix: true }) : base;
}
