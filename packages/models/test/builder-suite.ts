// The checks every builder must pass, as one reusable vitest suite.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expectNoLeaks } from '@tftricks/core/testing';
import { expect, it } from 'vitest';
import { bits, roundTrip, tinyBatch, trainSteps } from './model-checks';

export interface BuilderCase {
  /** Builds a tiny variant (16×16 inputs, narrow) with a seed. */
  tiny: (seed: number) => tfl.LayersModel;
  /** Its input shape and classes. */
  shape: [number, number, number];
  classes: number;
  /** Its parameter count from the closed form. */
  tinyParams: number;
  /** Training steps (3–5; the cpu backend's conv backprop is slow). */
  steps?: number;
}

/** Shape, closed-form count, determinism, training, save/load, leaks — on the tiny variant. */
export function builderConformance(c: BuilderCase): void {
  it('tiny variant: forward shape, closed-form parameter count, no leaks', async () => {
    const model = c.tiny(1);
    expect(model.countParams()).toBe(c.tinyParams);
    const x = tf.randomUniform([2, ...c.shape], 0, 1, 'float32', 3);
    const y = await expectNoLeaks(() => model.predict(x) as tf.Tensor);
    expect(y.shape).toEqual([2, c.classes]);
    const yy = y.dataSync();
    expect(Array.from(yy).every(Number.isFinite)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('same seed → bit-identical weights; another seed → different', () => {
    const a = c.tiny(5);
    const b = c.tiny(5);
    const d = c.tiny(6);
    const wa = a.getWeights();
    const wb = b.getWeights();
    expect(wb.length).toBe(wa.length);
    for (const [i, w] of wa.entries()) expect(bits(wb[i]!)).toEqual(bits(w));
    expect(bits(d.getWeights()[0]!)).not.toEqual(bits(wa[0]!));
    for (const m of [a, b, d]) m.dispose();
  });

  it('trains: the loss falls over a few Adam steps, tensor count flat', () => {
    const model = c.tiny(2);
    const { x, y } = tinyBatch(4, c.shape, c.classes);
    const steps = c.steps ?? 4;
    const { losses, tensorCounts } = trainSteps(model, x, y, steps);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[steps - 1]!).toBeLessThan(losses[0]!);
    expect(tensorCounts[steps - 1]).toBe(tensorCounts[1]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('save → load round trip gives identical outputs', async () => {
    const model = c.tiny(4);
    const loaded = await roundTrip(model);
    expect(loaded.countParams()).toBe(c.tinyParams);
    const x = tf.randomUniform([2, ...c.shape], 0, 1, 'float32', 9);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(bits(b)).toEqual(bits(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
}
