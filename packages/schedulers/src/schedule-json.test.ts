import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { constant } from './constant';
import { cosine } from './cosine';
import { cyclic } from './cyclic';
import { join } from './join';
import { linear } from './linear';
import { oneCycle } from './one-cycle';
import { perEpoch, perUpdate } from './per-epoch';
import type { Schedule } from './schedule';
import { type ScheduleSpec, scheduleFromJSON, scheduleToJSON } from './schedule-json';
import { warmup } from './warmup';

describe('scheduleToJSON / scheduleFromJSON', () => {
  const recipe = join(
    [
      warmup(cosine({ baseLr: 0.1, tMax: 90, min: 1e-4 }), { steps: 10, from: 0.001 }),
      perEpoch(linear({ baseLr: 0.01, startFactor: 1, endFactor: 0.1, totalIters: 5 }), 20),
      perUpdate(cosine({ baseLr: 0.001, tMax: 3 }), 10),
      cyclic({ baseLr: 0.001, maxLr: 0.01, stepSizeUp: 7 }),
    ],
    [100, 200, 230],
  );

  it('a nested recipe survives JSON.stringify and rebuilds the same curve', () => {
    const text = JSON.stringify({ lr: recipe });
    const spec = JSON.parse(text).lr as ScheduleSpec;
    expect(spec).toEqual(scheduleToJSON(recipe));
    expect(spec.type).toBe('join');
    const again = scheduleFromJSON(spec);
    for (let t = 0; t < 400; t++) expect(again(t)).toBe(recipe(t));
  });

  it('join restarts each schedule at its boundary; perEpoch / perUpdate convert epochs to updates', () => {
    expect(recipe(99)).toBe(cosine({ baseLr: 0.1, tMax: 90, min: 1e-4 })(99));
    expect(recipe(100)).toBe(0.01);
    expect(recipe(139)).toBeCloseTo(0.01 * (1 + (0.1 - 1) * (1 / 5)), 15);
    expect(recipe(215)).toBeCloseTo((0.001 * (1 + Math.cos((Math.PI * 1.5) / 3))) / 2, 15);
    expect(recipe(230)).toBe(0.001);
  });

  it('oneCycle json round trip', () => {
    const s = oneCycle({ maxLr: 0.3, totalSteps: 50, threePhase: true });
    const again = scheduleFromJSON(JSON.parse(JSON.stringify(s)));
    for (let t = 0; t <= 50; t++) expect(again(t)).toBe(s(t));
    expect(again.spec).toEqual({ ...s.spec });
  });

  it('refuses plain functions and unknown types, and validates hand-edited specs', () => {
    const plain: Schedule = (t) => 0.1 / (t + 1);
    expect(() => scheduleToJSON(plain)).toThrow(TricksError);
    // A composite over a plain function still runs; only its serialization refuses.
    const w = warmup(plain, { steps: 2 });
    expect(w(1)).toBeCloseTo(0.05, 15);
    expect(() => JSON.stringify(w)).toThrow(
      /warmup: argument 'schedule' expected a schedule made by a @tftricks\/schedulers factory/,
    );
    expect(() => scheduleFromJSON({ type: 'sine' } as unknown as ScheduleSpec)).toThrow(/spec.type/);
    expect(() => scheduleFromJSON({ type: 'cosine', baseLr: 0.1, tMax: -5, min: 0 })).toThrow(
      /cosine: argument 'options.tMax'/,
    );
    expect(() => scheduleFromJSON(null as unknown as ScheduleSpec)).toThrow(
      /scheduleFromJSON: argument 'spec'/,
    );
    expect(constant({ lr: 0.5 }).spec).toEqual({ type: 'constant', lr: 0.5, factor: 1, totalIters: 0 });
  });
});
