import { assertInteger, assertNumberInRange, TricksError } from '@tftricks/core';
import { assertPositive } from './assert-positive';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface CosineWarmRestartsOptions {
  /** The peak learning rate of the first cycle, ≥ 0. */
  baseLr: number;
  /** Length of the first cycle in updates, an integer ≥ 1. */
  t0: number;
  /** Each cycle is `tMult` times longer than the previous one, an integer ≥ 1; default 1. */
  tMult?: number;
  /** The floor, in [0, baseLr]; default 0. */
  min?: number;
  /** timm's `cycle_decay`: cycle i peaks at `baseLr · decay^i`, > 0; default 1 (PyTorch). */
  decay?: number;
  /** timm's `cycle_limit`: after this many cycles the rate stays at `min`; default unlimited. */
  cycleLimit?: number;
}

export interface CosineWarmRestartsSpec {
  type: 'cosineWarmRestarts';
  baseLr: number;
  t0: number;
  tMult: number;
  min: number;
  decay: number;
  cycleLimit?: number;
}

/**
 * SGDR, PyTorch's `CosineAnnealingWarmRestarts` (with timm's cycle decay and cycle limit):
 * in cycle i of length `Ti = t0 · tMult^i`, at `tCur` updates into it,
 * `min + (baseLr · decay^i − min) · (1 + cos(π tCur / Ti)) / 2`.
 * The cycle is found with integer arithmetic, like PyTorch's step counter (timm's `log`
 * formula can land on the wrong side of a boundary in floating point).
 */
export function cosineWarmRestarts(
  options: CosineWarmRestartsOptions,
): SerializableSchedule<CosineWarmRestartsSpec> {
  const { baseLr, t0, tMult = 1, min = 0, decay = 1, cycleLimit } = options;
  const fn = 'cosineWarmRestarts';
  assertNumberInRange(fn, 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  assertInteger(fn, 'options.t0', t0, 1);
  assertInteger(fn, 'options.tMult', tMult, 1);
  assertNumberInRange(fn, 'options.min', min, 0, Number.POSITIVE_INFINITY);
  if (min > baseLr) throw new TricksError(fn, 'options.min', `a floor ≤ baseLr (${baseLr})`, String(min));
  assertPositive(fn, 'options.decay', decay);
  if (cycleLimit !== undefined) assertInteger(fn, 'options.cycleLimit', cycleLimit, 1);
  const spec: CosineWarmRestartsSpec = { type: 'cosineWarmRestarts', baseLr, t0, tMult, min, decay };
  if (cycleLimit !== undefined) spec.cycleLimit = cycleLimit;
  return defineSchedule(
    fn,
    () => spec,
    (t) => {
      let cycle: number;
      let tCur: number;
      let ti = t0;
      if (tMult === 1) {
        cycle = Math.floor(t / t0);
        tCur = t - cycle * t0;
      } else {
        // Cycles grow geometrically, so this loop runs O(log t) times.
        cycle = 0;
        tCur = t;
        while (tCur >= ti) {
          tCur -= ti;
          ti *= tMult;
          cycle++;
        }
      }
      if (cycleLimit !== undefined && cycle >= cycleLimit) return min;
      const peak = decay === 1 ? baseLr : baseLr * decay ** cycle;
      return min + ((peak - min) * (1 + Math.cos((Math.PI * tCur) / ti))) / 2;
    },
  );
}
