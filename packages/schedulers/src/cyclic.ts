import { assertNumberInRange, assertOneOf } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

export interface CyclicOptions {
  /** The lower bound of the cycle, ≥ 0. */
  baseLr: number;
  /** The upper bound of the cycle, ≥ 0 (the amplitude is `maxLr − baseLr`). */
  maxLr: number;
  /** Updates in the rising half, > 0; default 2000 (PyTorch's default). */
  stepSizeUp?: number;
  /** Updates in the falling half, ≥ 0; default `stepSizeUp`. */
  stepSizeDown?: number;
  /** 'triangular' (constant amplitude), 'triangular2' (halved every cycle), 'exp_range' (× gamma^t); default 'triangular'. */
  mode?: CyclicMode;
  /** The per-update factor of 'exp_range', > 0; default 1. */
  gamma?: number;
  /** Momentum at the LR peak, in [0, 1]; default 0.8 (only {@link cyclicMomentum} reads it). */
  baseMomentum?: number;
  /** Momentum at the LR trough, in [0, 1]; default 0.9. */
  maxMomentum?: number;
}

export interface CyclicSpec {
  type: 'cyclic' | 'cyclicMomentum';
  baseLr: number;
  maxLr: number;
  stepSizeUp: number;
  stepSizeDown?: number;
  mode: CyclicMode;
  gamma: number;
  baseMomentum: number;
  maxMomentum: number;
}

function resolve(fn: string, options: CyclicOptions): Omit<CyclicSpec, 'type'> {
  const { baseLr, maxLr, stepSizeUp = 2000, stepSizeDown, mode = 'triangular', gamma = 1 } = options;
  const { baseMomentum = 0.8, maxMomentum = 0.9 } = options;
  assertNumberInRange(fn, 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange(fn, 'options.maxLr', maxLr, 0, Number.POSITIVE_INFINITY);
  assertPositive(fn, 'options.stepSizeUp', stepSizeUp);
  if (stepSizeDown !== undefined)
    assertNumberInRange(fn, 'options.stepSizeDown', stepSizeDown, 0, Number.POSITIVE_INFINITY);
  assertOneOf(fn, 'options.mode', mode, ['triangular', 'triangular2', 'exp_range'] as const);
  assertPositive(fn, 'options.gamma', gamma);
  assertNumberInRange(fn, 'options.baseMomentum', baseMomentum, 0, 1);
  assertNumberInRange(fn, 'options.maxMomentum', maxMomentum, 0, 1);
  const o: Omit<CyclicSpec, 'type'> = { baseLr, maxLr, stepSizeUp, mode, gamma, baseMomentum, maxMomentum };
  if (stepSizeDown !== undefined) o.stepSizeDown = stepSizeDown;
  return o;
}

/** PyTorch 1.13's `CyclicLR.get_lr`, line for line: returns [scaleFactor, amplitude scale]. */
function phase(o: Omit<CyclicSpec, 'type'>, t: number): [number, number] {
  const total = o.stepSizeUp + (o.stepSizeDown ?? o.stepSizeUp);
  const ratio = o.stepSizeUp / total;
  const cycle = Math.floor(1 + t / total);
  const x = 1 + t / total - cycle;
  const scaleFactor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
  const scale = o.mode === 'triangular' ? 1 : o.mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : o.gamma ** t;
  return [scaleFactor, scale];
}

/**
 * PyTorch's `CyclicLR` (Smith's cyclical learning rates): a triangle between `baseLr` and
 * `maxLr` with `stepSizeUp` rising and `stepSizeDown` falling updates; 'triangular2' halves
 * the amplitude each cycle, 'exp_range' scales it by `gamma^t`.
 */
export function cyclic(options: CyclicOptions): SerializableSchedule<CyclicSpec> {
  const o = resolve('cyclic', options);
  const spec: CyclicSpec = { type: 'cyclic', ...o };
  return defineSchedule(
    'cyclic',
    () => spec,
    (t) => {
      const [f, s] = phase(o, t);
      return o.baseLr + (o.maxLr - o.baseLr) * f * s;
    },
  );
}

/**
 * The momentum `CyclicLR` cycles inversely to the rate: `maxMomentum` at the LR trough,
 * `baseMomentum` at the peak. Same options as {@link cyclic}.
 */
export function cyclicMomentum(options: CyclicOptions): SerializableSchedule<CyclicSpec> {
  const o = resolve('cyclicMomentum', options);
  const spec: CyclicSpec = { type: 'cyclicMomentum', ...o };
  return defineSchedule(
    'cyclicMomentum',
    () => spec,
    (t) => {
      const [f, s] = phase(o, t);
      return o.maxMomentum - (o.maxMomentum - o.baseMomentum) * f * s;
    },
  );
}
