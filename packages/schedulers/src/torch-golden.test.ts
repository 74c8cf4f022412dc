import cyclicGolden from '@golden/schedulers/cyclic.json';
import oneCycleGolden from '@golden/schedulers/one-cycle.json';
import torchGolden from '@golden/schedulers/torch.json';
import { maxRelativeError } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { cyclicMomentum } from './cyclic';
import { CURVE_FLOOR, type GoldenCurve, sampleCurve } from './golden-support';
import { oneCycleMomentum } from './one-cycle';
import { type ScheduleSpec, scheduleFromJSON } from './schedule-json';

// Every curve is PyTorch 1.13's get_last_lr() after t calls to scheduler.step(), t = 0..1199
// (0..totalSteps for OneCycleLR), from tools/golden/schedulers_torch.py.
const TOL = 1e-6;

function check(c: GoldenCurve): void {
  const s = scheduleFromJSON(c.spec as ScheduleSpec);
  expect(c.lr.length).toBeGreaterThanOrEqual(1000);
  expect(maxRelativeError(sampleCurve(s, c.lr), c.lr, CURVE_FLOOR), c.name).toBeLessThanOrEqual(TOL);
  // The spec survives a JSON round trip unchanged.
  expect(JSON.parse(JSON.stringify(s))).toEqual(c.spec);
}

describe('schedules equal PyTorch 1.13 lr_scheduler', () => {
  for (const c of torchGolden.cases as GoldenCurve[]) it(c.name, () => check(c));
});

describe('oneCycle / oneCycleMomentum equal OneCycleLR (lr and momentum)', () => {
  for (const c of oneCycleGolden.cases as GoldenCurve[]) {
    it(c.name, () => {
      check(c);
      const m = oneCycleMomentum(c.spec as Parameters<typeof oneCycleMomentum>[0]);
      expect(
        maxRelativeError(sampleCurve(m, c.momentum!), c.momentum!, CURVE_FLOOR),
        `${c.name} momentum`,
      ).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('cyclic / cyclicMomentum equal CyclicLR (lr and momentum)', () => {
  for (const c of cyclicGolden.cases as GoldenCurve[]) {
    it(c.name, () => {
      check(c);
      const m = cyclicMomentum(c.spec as Parameters<typeof cyclicMomentum>[0]);
      expect(
        maxRelativeError(sampleCurve(m, c.momentum!), c.momentum!, CURVE_FLOOR),
        `${c.name} momentum`,
      ).toBeLessThanOrEqual(TOL);
    });
  }
});
