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

/**
 * 11 samples, 2 classes, with tied scores (all values exact in float32): 0, 1: label 0
 * [.875, .125]; 2, 3: label 0 [.25, .75]; 4: label 0 [0, 1]; 5–10: label 1 [.125, .875].
 */
const TIED_PROBS = [
  [0.875, 0.125],
  [0.875, 0.125],
  [0.25, 0.75],
  [0.25, 0.75],
  [0, 1],
  ...Array.from({ length: 6 }, () => [0.125, 0.875]),
];
const TIED_LABELS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];

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
      // The low-score filters flag exactly cleanlab's num_label_issues ('off_diagonal').
      expect(c.issues.low_self_confidence.self_confidence.length).toBe(c.numLabelIssues);
      expect(c.issues.low_normalized_margin.self_confidence.length).toBe(c.numLabelIssues);
      expect(c.issues.confident_learning.self_confidence.length).toBe(c.numLabelIssues);
    }
  });

  it('flags exactly the confident-joint counts when probabilities tie (hand-computed)', async () => {
    // 2 classes, 11 samples (all values exact in float32):
    //   0, 1: label 0, p = [0.875, 0.125]   2, 3: label 0, p = [0.25, 0.75]   4: label 0, p = [0, 1]
    //   5…10: label 1, p = [0.125, 0.875]
    // t0 = (2·0.875 + 2·0.25 + 0) / 5 = 0.45, t1 = 0.875. Samples 2, 3 are confident in no class.
    // Raw joint [[2, 1], [0, 6]]; row 0 scaled to its 5 labels: [3.33, 1.67] → [[3, 2], [0, 6]].
    // So 2 label-0 samples are to be pruned. Margins p1 − p0 of label 0: 4 → 1, 2 and 3 → 0.5
    // (tied). Lowest p0: 4 → 0, 2 and 3 → 0.25 (tied). Exactly 2 must be flagged: 4, then the
    // first of the tie (2). The old "≥ cut" flagged 2, 3, 4 (3 for a count of 2), and
    // prune_by_class's "< cut" only 4.
    const probs = TIED_PROBS;
    const labels = TIED_LABELS;
    for (const method of ['prune_by_noise_rate', 'prune_by_class', 'both'] as const) {
      const r = await findLabelIssues(probs, labels, { method });
      expect(r.confidentJoint).toEqual([
        [3, 2],
        [0, 6],
      ]);
      expect(r.thresholds[0]).toBeCloseTo(0.45, 7);
      // Ranked by self-confidence: 4 (p0 = 0) before 2 (p0 = 0.25).
      expect(r.indices, method).toEqual([4, 2]);
    }
    // confident_learning: only sample 4 is off the diagonal of the raw joint.
    expect((await findLabelIssues(probs, labels, { method: 'confident_learning' })).indices).toEqual([4]);
    // predicted_neq_given: 2, 3, 4 (ranked by self-confidence, ties by index).
    expect((await findLabelIssues(probs, labels, { method: 'predicted_neq_given' })).indices).toEqual([
      4, 2, 3,
    ]);
  });

  it('low_self_confidence / low_normalized_margin flag the num_label_issues lowest scores (hand-computed)', async () => {
    // 3 classes, 13 samples (values exact in float32):
    //   0–2: label 0, [.75, .125, .125]     3: label 0, [.375, .3125, .3125]   4: label 0, [.125, .75, .125]
    //   5–7: label 1, [.125, .75, .125]     8: label 1, [.0625, .4375, .5]
    //   9–11: label 2, [.1875, .1875, .625] 12: label 2, [.75, .125, .125]
    // t0 = (3·.75 + .375 + .125)/5 = .55, t1 = (3·.75 + .4375)/4 = .671875, t2 = (3·.625 + .125)/4 = .5.
    // Off the raw joint's diagonal: 4 (0→1), 8 (1→2, p2 = .5 ≥ t2), 12 (2→0); 3 is confident in
    // no class. All three have argmax ≠ label, so num_label_issues = 3.
    // Self-confidence: 4 .125, 12 .125, 3 .375, 8 .4375, 9–11 .625, rest .75 → lowest 3 = {4, 12, 3}:
    // sample 3 is flagged though its argmax is its label (cleanlab keeps it), 8 is not.
    // Normalized margin (p_y − max other + 1)/2: 4 .1875, 12 .1875, 8 .46875, 3 .53125,
    // 9–11 .71875, rest .8125 → {4, 12, 8}.
    const probs = [
      ...Array.from({ length: 3 }, () => [0.75, 0.125, 0.125]),
      [0.375, 0.3125, 0.3125],
      [0.125, 0.75, 0.125],
      ...Array.from({ length: 3 }, () => [0.125, 0.75, 0.125]),
      [0.0625, 0.4375, 0.5],
      ...Array.from({ length: 3 }, () => [0.1875, 0.1875, 0.625]),
      [0.75, 0.125, 0.125],
    ];
    const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    const cl = await findLabelIssues(probs, labels, { method: 'confident_learning' });
    expect(cl.indices).toEqual([4, 12, 8]);
    expect(cl.thresholds[0]).toBeCloseTo(0.55, 7);
    expect(cl.thresholds[1]).toBeCloseTo(0.671875, 7);
    expect(cl.thresholds[2]).toBeCloseTo(0.5, 7);

    const lsc = await findLabelIssues(probs, labels, { method: 'low_self_confidence' });
    expect(lsc.indices).toEqual([4, 12, 3]); // ranked by self-confidence, ties by index
    expect(Array.from(lsc.isIssue)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    const three = lsc.issues[2]!;
    expect(three).toEqual({
      index: 3,
      label: 0,
      predicted: 0,
      confidence: 0.375,
      selfConfidence: 0.375,
      normalizedMargin: 0.53125,
      score: 0.375,
    });
    const lscByMargin = await findLabelIssues(probs, labels, {
      method: 'low_self_confidence',
      rankBy: 'normalized_margin',
    });
    expect(lscByMargin.indices).toEqual([4, 12, 3]);
    expect(lscByMargin.issues.map((x) => x.score)).toEqual([0.1875, 0.1875, 0.53125]);

    const lnm = await findLabelIssues(probs, labels, { method: 'low_normalized_margin' });
    expect(lnm.indices).toEqual([4, 12, 8]);
    expect(lnm.issues.map((x) => x.selfConfidence)).toEqual([0.125, 0.125, 0.4375]);
    const lnmByMargin = await findLabelIssues(probs, labels, {
      method: 'low_normalized_margin',
      rankBy: 'normalized_margin',
    });
    expect(lnmByMargin.issues.map((x) => x.score)).toEqual([0.1875, 0.1875, 0.46875]);
  });

  it('low-score filters fill the count by index on tied scores, ignoring which samples are off-diagonal (hand-computed)', async () => {
    // 2 classes, 12 samples: 0, 1: label 0 [.875, .125]; 2, 3: label 0 [.25, .75]; 4: label 0 [0, 1];
    // 5–10: label 1 [.125, .875]; 11: label 1 [.75, .25].
    // t0 = .45, t1 = (6·.875 + .25)/7 = 5.5/7. Off-diagonal: 4 (p1 = 1) and 11 (p0 = .75 ≥ t0);
    // 2, 3 are confident in no class. So num = 2.
    // Self-confidence: 4 → 0, then 2, 3, 11 all .25 (tied) → the lower index, 2, fills the count.
    // Normalized margin: 4 → 0, 2, 3, 11 → (.25 − .75 + 1)/2 = .25 (tied) → again {4, 2}.
    const probs = [...TIED_PROBS, [0.75, 0.25]];
    const labels = [...TIED_LABELS, 1];
    expect((await findLabelIssues(probs, labels, { method: 'confident_learning' })).indices).toEqual([4, 11]);
    for (const method of ['low_self_confidence', 'low_normalized_margin'] as const) {
      const r = await findLabelIssues(probs, labels, { method });
      expect(r.indices, method).toEqual([4, 2]);
      expect(r.issues.map((x) => x.selfConfidence)).toEqual([0, 0.25]);
      expect(r.isIssue.reduce((a, b) => a + b, 0)).toBe(2);
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
    // Column 0: diagonal 0 → 1. cleanlab divides the increase by (non-zeros in the column − 1)
    // = 2 − 1 = 1 (it assumes a non-zero diagonal), so each noise entry gives up 1: 3 → 2, 1 → 0.
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
    // Column 0 with 3 noise entries: each gives up 1 / (3 − 1) = 0.5 → [1, 2.5, 1.5, 0.5], then
    // truncated like cleanlab's astype(int): [1, 2, 1, 0] (row-wise rounding gave [1, 3, 2, 0]).
    expect(
      keepAtLeastNPerClass(
        [
          [0, 0, 0, 0],
          [3, 5, 0, 0],
          [2, 0, 4, 0],
          [1, 0, 0, 6],
        ],
        1,
      ),
    ).toEqual([
      [1, 0, 0, 0],
      [2, 5, 0, 0],
      [1, 0, 4, 0],
      [0, 0, 0, 6],
    ]);
  });
});
