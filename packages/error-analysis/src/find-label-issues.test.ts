import g from '@golden/error-analysis/confident-learning.json';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import {
  computeConfidentJoint,
  keepAtLeastNPerClass,
  roundHalfEven,
  roundPreservingSum,
} from './confident-joint';
import { findLabelIssues, LABEL_ISSUE_METHODS } from './find-label-issues';

describe('findLabelIssues', () => {
  it('finds exactly the flipped labels in a constructed example, for every method', async () => {
    // 3 classes, 60 samples the model is sure about; 6 of them carry a wrong label while the
    // model (out-of-sample) is confident in the true class. Every method must flag exactly those 6.
    const rng = createRng(7);
    const k = 3;
    const probs: number[][] = [];
    const labels: number[] = [];
    const flipped = [4, 11, 23, 30, 47, 58];
    for (let i = 0; i < 60; i++) {
      const y = i % k;
      const sure = 0.8 + 0.15 * rng.uniform();
      const row = [0, 0, 0].map((_, j) => (j === y ? sure : (1 - sure) / 2));
      probs.push(row);
      labels.push(flipped.includes(i) ? (y + 1 + (i % 2)) % k : y);
    }
    for (const method of LABEL_ISSUE_METHODS) {
      const r = await findLabelIssues(probs, labels, { method });
      expect(
        [...r.indices].sort((a, b) => a - b),
        method,
      ).toEqual(flipped);
      expect(r.issues.every((x) => x.predicted !== x.label && x.selfConfidence < 0.11)).toBe(true);
    }
    const r = await findLabelIssues(probs, labels);
    // Ranked by self-confidence, lowest first.
    const scores = r.issues.map((x) => x.selfConfidence);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(r.isIssue.reduce((a, b) => a + b, 0)).toBe(6);
    // Calibrated confident joint sums to N with rows equal to the given-label counts.
    expect(r.confidentJoint.flat().reduce((a, b) => a + b, 0)).toBe(60);
    for (let c = 0; c < k; c++) {
      expect(r.confidentJoint[c]!.reduce((a, b) => a + b, 0)).toBe(labels.filter((y) => y === c).length);
    }
  });

  it('matches the cleanlab-formula golden fixture (thresholds, confident joint, every method and ranking)', async () => {
    for (const c of g.cases) {
      const data = Float32Array.from(c.probs.flat());
      const labels = Int32Array.from(c.labels);
      const raw = computeConfidentJoint(data, labels, c.k, false);
      const cal = computeConfidentJoint(data, labels, c.k, true);
      for (let j = 0; j < c.k; j++) expect(raw.thresholds[j]).toBeCloseTo(c.thresholds[j]!, 6);
      expect(raw.confidentJoint).toEqual(c.confidentJointUncalibrated);
      expect(cal.confidentJoint).toEqual(c.confidentJoint);
      expect(cal.offDiagonal).toEqual(c.offDiagonal);
      for (const method of LABEL_ISSUE_METHODS) {
        const byConf = await findLabelIssues(c.probs, c.labels, { method });
        expect(byConf.indices, `case ${c.seed} ${method}`).toEqual(c.issues[method].self_confidence);
        const byMargin = await findLabelIssues(c.probs, c.labels, { method, rankBy: 'normalized_margin' });
        expect(byMargin.indices, `case ${c.seed} ${method} margin`).toEqual(
          c.issues[method].normalized_margin,
        );
      }
    }
  });

  it('reads tensors without leaking', async () => {
    const c = g.cases[0]!;
    const p = tf.tensor2d(c.probs);
    const y = tf.tensor1d(c.labels, 'int32');
    const r = await expectNoLeaks(() => findLabelIssues(p, y), 'findLabelIssues');
    expect(r.indices).toEqual(c.issues.prune_by_noise_rate.self_confidence);
    tf.dispose([p, y]);
  });

  it('refuses bad input with a TricksError', async () => {
    await expect(findLabelIssues([[0.5, 0.4]], [0])).rejects.toThrow(
      "findLabelIssues: argument 'probs[0]' expected a row summing to 1",
    );
    await expect(findLabelIssues([[0.5, 0.5]], [3])).rejects.toThrow(
      /labels\[0\]' expected an integer class index in \[0, 2\), got 3/,
    );
    await expect(findLabelIssues([[0.5, 0.5]], [0, 1])).rejects.toThrow(/expected 1 rows/);
    await expect(findLabelIssues([[0.5, 0.5]], [0], { method: 'magic' as 'both' })).rejects.toThrow(
      /findLabelIssues: argument 'options.method' expected one of 'prune_by_noise_rate'/,
    );
    await expect(findLabelIssues([], [])).rejects.toThrow(TricksError);
  });
});

describe('confident-joint helpers (cleanlab procedures)', () => {
  it('rounds half to even like numpy and preserves row sums', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
    // floats sum to 10; plain rounding gives 3+3+3 = 9; the largest remainder (3.4) gets +1.
    expect(roundPreservingSum([3.3, 3.4, 3.3])).toEqual([3, 4, 3]);
    // Over by one: cleanlab decrements the entry with the largest (float − int), here index 2.
    expect(roundPreservingSum([0.6, 0.6, 0.8])).toEqual([1, 1, 0]);
  });

  it('keeps at least n per class, taking the increase from the column noise entries', () => {
    // Column 0: diagonal 0 → 1; its 2 non-zero noise entries each give up 0.5, then rows are
    // rounded half-to-even preserving totals: [0.5, 0, 4] → [0, 0, 4] (numpy gives the same).
    expect(
      keepAtLeastNPerClass(
        [
          [0, 2, 0],
          [3, 5, 0],
          [1, 0, 4],
        ],
        1,
      ),
    ).toEqual([
      [1, 2, 0],
      [2, 5, 0],
      [0, 0, 4],
    ]);
  });
});
