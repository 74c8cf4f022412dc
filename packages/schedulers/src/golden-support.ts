// Test support (not exported): compare a schedule with a golden PyTorch/timm curve.
import type { Schedule } from './schedule';

/** One golden curve: the spec it should equal and `lr[t]` for t = 0, 1, …. */
export interface GoldenCurve {
  name: string;
  spec: unknown;
  lr: number[];
  momentum?: number[];
}

/**
 * max_t |s(t) − expected[t]| / max(|expected[t]|, floor). The floor (1e-12 of the curve's
 * peak) only matters where the reference is exactly 0 or float noise around it.
 */
export function maxRelativeError(schedule: Schedule, expected: readonly number[]): number {
  const peak = Math.max(...expected.map(Math.abs));
  const floor = 1e-12 * peak;
  let worst = 0;
  expected.forEach((e, t) => {
    const err = Math.abs(schedule(t) - e) / Math.max(Math.abs(e), floor);
    if (!(err <= worst)) worst = err;
  });
  return worst;
}
