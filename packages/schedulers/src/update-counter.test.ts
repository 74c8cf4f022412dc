import { describe, expect, it } from 'vitest';
import { stepDecay } from './step-decay';
import { UpdateCounter } from './update-counter';

describe('UpdateCounter', () => {
  it('steps the schedule once per optimizer update under gradient accumulation', () => {
    const schedule = stepDecay({ baseLr: 1, stepSize: 2, gamma: 0.5 });
    const counter = new UpdateCounter({ accumulationSteps: 3 });
    const applied: [number, number][] = [];
    // Two epochs of 7 micro-batches: windows of 3, 3 and a flushed partial window of 1.
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let b = 0; b < 7; b++) {
        const t = counter.microBatchDone();
        if (t !== null) applied.push([t, schedule(t)]);
      }
      const t = counter.endEpoch();
      if (t !== null) applied.push([t, schedule(t)]);
    }
    expect(applied).toEqual([
      [0, 1],
      [1, 1],
      [2, 0.5],
      [3, 0.5],
      [4, 0.25],
      [5, 0.25],
    ]);
    expect(counter.update).toBe(6);
    expect(counter.microBatch).toBe(14);
    expect(counter.epoch).toBe(2);
  });

  it('state() / fromState() resume mid-window', () => {
    const a = new UpdateCounter({ accumulationSteps: 4 });
    for (let i = 0; i < 6; i++) a.microBatchDone();
    const b = UpdateCounter.fromState(JSON.parse(JSON.stringify(a.state())));
    expect([b.microBatchDone(), b.microBatchDone(), b.microBatchDone()]).toEqual([null, 1, null]);
    expect(() => UpdateCounter.fromState({ ...a.state(), pending: 4 })).toThrow(/state.pending/);
    expect(() => new UpdateCounter({ accumulationSteps: 0 })).toThrow(/options.accumulationSteps/);
  });
});
