// Test support (not exported): golden PyTorch/timm curves and how a schedule is compared with them.
import type { Schedule } from './schedule';

/** One golden curve: the spec it should equal and `lr[t]` for t = 0, 1, …. */
export interface GoldenCurve {
  name: string;
  spec: unknown;
  lr: number[];
  momentum?: number[];
}

/** `schedule(0), schedule(1), …` for every step of a golden curve. */
export function sampleCurve(schedule: Schedule, expected: readonly number[]): number[] {
  return expected.map((_, t) => schedule(t));
}

/**
 * The error floor of the curve comparisons (`maxRelativeError` of @tftricks/core/testing):
 * 1e-12 of the curve's peak, which only matters where the reference is exactly 0 or float
 * noise around it, so every other step is held to its own relative error.
 */
export const CURVE_FLOOR = { floor: 1e-12 } as const;
