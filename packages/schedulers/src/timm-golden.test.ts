import timmGolden from '@golden/schedulers/timm.json';
import { maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { cosine } from './cosine';
import { CURVE_FLOOR, type GoldenCurve, sampleCurve } from './golden-support';
import { type ScheduleSpec, scheduleFromJSON } from './schedule-json';
import { warmup } from './warmup';

// timm's CosineLRScheduler closed form (tools/golden/schedulers_timm.py).
describe('warmup + cosine / cosineWarmRestarts equal timm CosineLRScheduler', () => {
  for (const c of timmGolden.cases as GoldenCurve[]) {
    it(c.name, () => {
      const s = scheduleFromJSON(c.spec as ScheduleSpec);
      expect(maxRelativeError(sampleCurve(s, c.lr), c.lr, CURVE_FLOOR)).toBeLessThanOrEqual(1e-6);
      expect(JSON.parse(JSON.stringify(s))).toEqual(c.spec);
    });
  }

  it('warmup(cosine) built by hand is the first fixture over its whole length', () => {
    const c = timmGolden.cases[0] as GoldenCurve;
    const s = warmup(cosine({ baseLr: 0.1, tMax: 1000, min: 1e-5 }), { steps: 50, from: 1e-6 });
    expect(maxRelativeError(sampleCurve(s, c.lr), c.lr, CURVE_FLOOR)).toBeLessThanOrEqual(1e-6);
    // The warmup's last step sits one increment below the base rate, as in timm.
    expect(s(49)).toBeCloseTo(1e-6 + 49 * ((0.1 - 1e-6) / 50), 15);
  });
});
