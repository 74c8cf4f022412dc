import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { binIndex, expectedCalibrationError } from './expected-calibration-error';

// Top-1 confidences and whether the label agrees (K = 2: probs [c, 1-c], label 0 or 1).
const CASE: [number, boolean][] = [
  [0.55, true],
  [0.65, false],
  [0.7, true],
  [0.9, true],
  [0.95, false],
  [1.0, true],
];
const probs = CASE.map(([c]) => [c, 1 - c]);
const labels = CASE.map(([, ok]) => (ok ? 0 : 1));

describe('expectedCalibrationError', () => {
  it('matches the hand-computed example (5 equal-width bins)', async () => {
    // (.4,.6]: {0.55 ✓}            acc 1,   conf 0.55,  gap 0.45
    // (.6,.8]: {0.65 ✗, 0.7 ✓}     acc 1/2, conf 0.675, gap 0.175
    // (.8,1]:  {0.9 ✓, 0.95 ✗, 1 ✓} acc 2/3, conf 0.95,  gap 0.28333…
    // ECE = (1·0.45 + 2·0.175 + 3·0.283333) / 6 = 1.65 / 6 = 0.275; MCE = 0.45
    const p = tf.tensor2d(probs);
    const r = await expectNoLeaks(
      () => expectedCalibrationError(p, labels, { numBins: 5 }),
      'expectedCalibrationError',
    );
    p.dispose();
    expect(r.ece).toBeCloseTo(0.275, 6);
    expect(r.mce).toBeCloseTo(0.45, 6);
    expect(r.bins.map((b) => b.count)).toEqual([0, 0, 1, 2, 3]);
    expect(r.bins[3]!.accuracy).toBeCloseTo(0.5, 12);
    expect(r.bins[3]!.confidence).toBeCloseTo(0.675, 6);
    expect(r.bins[4]!.accuracy).toBeCloseTo(2 / 3, 12);
    expect(r.bins[4]!).toMatchObject({ lo: 0.8, hi: 1 });
    const ev = await evaluate(probs, labels, { numBins: 5 });
    expect(ev.ece).toBeCloseTo(0.275, 6);
    expect(ev.mce).toBeCloseTo(0.45, 6);
  });

  it('is 0 for perfectly calibrated bins and bins are (lo, hi]', async () => {
    // Confidence 0.75 in one bin, 3 of 4 right: accuracy equals confidence.
    const r = await expectedCalibrationError(
      [
        [0.75, 0.25],
        [0.75, 0.25],
        [0.75, 0.25],
        [0.75, 0.25],
      ],
      [0, 0, 0, 1],
      { numBins: 10 },
    );
    expect(r.ece).toBeCloseTo(0, 7);
    expect(binIndex(0, 10)).toBe(0);
    expect(binIndex(0.1, 10)).toBe(0);
    expect(binIndex(0.10001, 10)).toBe(1);
    expect(binIndex(1, 10)).toBe(9);
  });

  it('refuses bad input', async () => {
    await expect(expectedCalibrationError([[0.5, 0.5]], [0], { numBins: 1.5 })).rejects.toThrow(
      "expectedCalibrationError: argument 'options.numBins' expected an integer ≥ 1, got 1.5",
    );
    await expect(expectedCalibrationError([[0.9, 0.9]], [0])).rejects.toThrow(/summing to 1/);
  });
});
