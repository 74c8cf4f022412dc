import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { lowestConfidence, mistakes } from './mistakes';

const probs = [
  [0.7, 0.2, 0.1], // 0: label 0 ✓
  [0.1, 0.85, 0.05], // 1: label 0 ✗ (confident)
  [0.4, 0.35, 0.25], // 2: label 1 ✗ (unsure)
  [0.2, 0.2, 0.6], // 3: label 2 ✓
  [0.05, 0.15, 0.8], // 4: label 1 ✗
];
const labels = [0, 0, 1, 2, 1];

describe('mistakes', () => {
  it('returns misclassified records, most confident first (the article recipe)', async () => {
    const p = tf.tensor2d(probs);
    const r = await expectNoLeaks(() => mistakes(p, labels, { sortBy: 'confidence' }), 'mistakes');
    p.dispose();
    expect(r.map((m) => m.index)).toEqual([1, 4, 2]);
    expect(r[0]!.label).toBe(0);
    expect(r[0]!.predicted).toBe(1);
    expect(r[0]!.confidence).toBeCloseTo(0.85, 6);
    expect(r[0]!.loss).toBeCloseTo(-Math.log(0.1), 6);
    expect(r[0]!.margin).toBeCloseTo(0.1 - 0.85, 6);
    expect(r[2]!.margin).toBeCloseTo(0.35 - 0.4, 6);
  });

  it('sorts by loss (largest first) and margin (most negative first), with limit and includeCorrect', async () => {
    const byLoss = await mistakes(probs, labels, { sortBy: 'loss' });
    // losses: #1 −log 0.1 = 2.30, #4 −log 0.15 = 1.90, #2 −log 0.35 = 1.05
    expect(byLoss.map((m) => m.index)).toEqual([1, 4, 2]);
    const byMargin = await mistakes(probs, labels, { sortBy: 'margin', limit: 2 });
    // margins: #1 −0.75, #4 −0.65, #2 −0.05
    expect(byMargin.map((m) => m.index)).toEqual([1, 4]);
    const all = await mistakes(probs, labels, { sortBy: 'loss', includeCorrect: true });
    expect(all.map((m) => m.index)).toEqual([1, 4, 2, 3, 0]);
  });

  it('lowestConfidence ranks unlabeled predictions, least confident first', async () => {
    const p = tf.tensor2d(probs);
    const r = await expectNoLeaks(() => lowestConfidence(p, { limit: 3 }), 'lowestConfidence');
    p.dispose();
    expect(r.map((x) => x.index)).toEqual([2, 3, 0]);
    expect(r[0]!.confidence).toBeCloseTo(0.4, 6);
    expect(r[0]!.margin).toBeCloseTo(0.05, 6);
    expect(r[1]!.predicted).toBe(2);
  });

  it('refuses bad input', async () => {
    await expect(mistakes(probs, labels, { sortBy: 'size' as 'loss' })).rejects.toThrow(
      "mistakes: argument 'options.sortBy' expected one of 'confidence', 'loss', 'margin', got \"size\"",
    );
    await expect(mistakes(probs, labels, { limit: 0 })).rejects.toThrow(/options.limit/);
    await expect(mistakes(probs, [0, 0, 1])).rejects.toThrow(/expected 5 rows/);
    await expect(mistakes(probs, [0, 0, 1, 2, 5])).rejects.toThrow(/labels\[4\]/);
    await expect(lowestConfidence([[0.2, 0.2]])).rejects.toThrow(TricksError);
  });
});
