import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { constant } from './constant';
import { cosine } from './cosine';
import { cosineWarmRestarts } from './cosine-warm-restarts';
import { createScheduler, SCHEDULER_NAMES, SCHEDULER_OPTIONS, type SchedulerSpec } from './create-scheduler';
import { exponential } from './exponential';
import { linear } from './linear';
import { multiStep } from './multi-step';
import { oneCycle } from './one-cycle';
import { polynomial } from './polynomial';
import type { Schedule } from './schedule';
import { stepDecay } from './step-decay';
import { warmup } from './warmup';

/** The rates of the first `n` updates. */
const curve = (s: Schedule, n: number) => Array.from({ length: n }, (_, t) => s(t));

describe('createScheduler', () => {
  const run = { learningRate: 0.1, totalSteps: 60 };

  it('builds each named schedule with the run filling its lengths (bit-equal to the factory)', () => {
    const want: Record<(typeof SCHEDULER_NAMES)[number], Schedule> = {
      constant: constant({ lr: 0.1 }),
      linear: linear({ baseLr: 0.1, startFactor: 1, endFactor: 0.1, totalIters: 60 }),
      cosine: cosine({ baseLr: 0.1, tMax: 60, min: 0.01 }),
      cosineWarmRestarts: cosineWarmRestarts({ baseLr: 0.1, t0: 20, min: 0.01 }),
      oneCycle: oneCycle({ maxLr: 0.1, totalSteps: 60, pctStart: 0.25 }),
      stepDecay: stepDecay({ baseLr: 0.1, stepSize: 20, gamma: 0.1 }),
      multiStep: multiStep({ baseLr: 0.1, milestones: [10, 40], gamma: 0.5 }),
      exponential: exponential({ baseLr: 0.1, gamma: 0.95 }),
      polynomial: polynomial({ baseLr: 0.1, totalIters: 60, power: 2 }),
    };
    const extra: Record<string, Partial<SchedulerSpec>> = {
      linear: { min: 0.01 },
      cosine: { min: 0.01 },
      cosineWarmRestarts: { min: 0.01, cycles: 3 },
      multiStep: { milestones: [10, 40], gamma: 0.5 },
      exponential: { gamma: 0.95 },
      polynomial: { power: 2 },
    };
    for (const type of SCHEDULER_NAMES) {
      const s = createScheduler({ type, ...run, ...extra[type] });
      expect(curve(s, 60), type).toEqual(curve(want[type], 60));
    }
  });

  it('puts a prefix warmup in front, and the schedule runs over the rest of the run', () => {
    const s = createScheduler({ type: 'cosine', ...run, warmupSteps: 10, warmupFrom: 0.001 });
    const want = warmup(cosine({ baseLr: 0.1, tMax: 50 }), { steps: 10, from: 0.001, prefix: true });
    expect(curve(s, 60)).toEqual(curve(want, 60));
    expect(s(0)).toBe(0.001);
    expect(s(10)).toBe(0.1);
    // The cosine reaches its floor at the last update of the run, not 10 updates early.
    expect(s(59)).toBeGreaterThan(0);
    expect(s(60)).toBeCloseTo(0, 12);
  });

  it('oneCycle warms up over two updates where a one-update warm phase would be empty', () => {
    const s = createScheduler({ type: 'oneCycle', learningRate: 0.003, totalSteps: 4, pctStart: 0.25 });
    const lrs = curve(s, 4);
    expect(Math.max(...lrs)).toBeCloseTo(0.003, 12);
    expect(lrs[0]!).toBeLessThan(lrs[1]!);
    expect(lrs[3]!).toBeLessThan(lrs[2]!);
  });

  it('serializes like the factories (the JSON rebuilds the same curve)', () => {
    const s = createScheduler({ type: 'stepDecay', ...run, warmupSteps: 5 });
    expect(JSON.parse(JSON.stringify(s))).toMatchObject({
      type: 'warmup',
      steps: 5,
      schedule: { type: 'stepDecay' },
    });
  });

  it('refuses an unknown name, listing the registry', () => {
    const err = (() => {
      try {
        createScheduler({ ...run, type: 'cosineAnnealing' as 'cosine' });
      } catch (e) {
        return e as TricksError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(TricksError);
    expect(err!.fn).toBe('createScheduler');
    expect(err!.arg).toBe('spec.type');
    for (const name of SCHEDULER_NAMES) expect(err!.expected).toContain(`'${name}'`);
  });

  it('refuses settings the named schedule does not read, and a warmup before oneCycle', () => {
    expect(() => createScheduler({ type: 'cosine', ...run, gamma: 0.5 })).toThrow(
      /createScheduler: argument 'spec.gamma' expected one of type, learningRate, totalSteps, warmupSteps, warmupFrom, min for 'cosine'/,
    );
    expect(() => createScheduler({ type: 'oneCycle', ...run, warmupSteps: 3 })).toThrow(
      /argument 'spec.warmupSteps' expected 0 for 'oneCycle'/,
    );
    expect(() => createScheduler({ type: 'exponential', ...run })).toThrow(/argument 'spec.gamma'/);
    expect(() => createScheduler({ type: 'multiStep', ...run })).toThrow(/argument 'spec.milestones'/);
    expect(() => createScheduler({ type: 'cosine', ...run, totalSteps: 0 })).toThrow(/'spec.totalSteps'/);
    expect(() => createScheduler({ type: 'cosine', ...run, min: 0.2 })).toThrow(/'spec.min'/);
  });

  it('lists options for every name', () => {
    expect(Object.keys(SCHEDULER_OPTIONS).sort()).toEqual([...SCHEDULER_NAMES].sort());
  });
});
