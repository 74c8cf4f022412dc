import * as tf from '@tensorflow/tfjs-core';
import { createRng, TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { Evaluator } from './evaluator';

/** Probabilities whose argmax is `pred`: 0.6 on it, the rest spread evenly. */
function probsFor(pred: number[], k: number): number[][] {
  return pred.map((p) => Array.from({ length: k }, (_, j) => (j === p ? 0.6 : 0.4 / (k - 1))));
}

/** Random softmax rows and labels from a seeded Rng. */
function randomCase(seed: number, n: number, k: number): { probs: number[][]; labels: number[] } {
  const rng = createRng(seed);
  const probs: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = rng.int(0, k);
    const logits = Array.from({ length: k }, (_, j) => rng.normal(0, 1) + (j === y ? 1.5 : 0));
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const s = e.reduce((a, b) => a + b, 0);
    // Round-trip through float32 so the test's float64 closed forms see what the code sees.
    probs.push(Array.from(Float32Array.from(e.map((v) => v / s))));
    labels.push(y);
  }
  return { probs, labels };
}

describe('evaluate', () => {
  it('matches the fixed confusion example (sklearn classification_report docs)', async () => {
    // y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
    const r = await evaluate(probsFor([0, 2, 1, 0, 0, 1], 3), [0, 1, 2, 0, 1, 2], {
      classNames: ['a', 'b', 'c'],
    });
    expect(r.confusionMatrix).toEqual([
      [2, 0, 0],
      [1, 0, 1],
      [0, 2, 0],
    ]);
    expect(r.accuracy).toBeCloseTo(2 / 6, 12);
    expect(r.perClass.map((c) => c.className)).toEqual(['a', 'b', 'c']);
    expect(r.perClass[0]!.precision).toBeCloseTo(2 / 3, 12);
    expect(r.perClass[0]!.recall).toBeCloseTo(1, 12);
    expect(r.perClass[0]!.f1).toBeCloseTo(0.8, 12);
    for (const c of [1, 2])
      expect(r.perClass[c]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 2 });
    // sklearn: macro avg 0.22 0.33 0.27; weighted equal (equal supports).
    expect(r.macro.precision).toBeCloseTo(2 / 9, 12);
    expect(r.macro.recall).toBeCloseTo(1 / 3, 12);
    expect(r.macro.f1).toBeCloseTo(0.8 / 3, 12);
    expect(r.weighted.f1).toBeCloseTo(0.8 / 3, 12);
    expect(r.topK).toEqual([]);
  });

  it('matches closed forms on a random case: accuracy, top-k, P/R/F1, NLL, Brier', async () => {
    const k = 7;
    const { probs, labels } = randomCase(3, 400, k);
    const r = await evaluate(probs, labels, { topK: [1, 2, 3] });
    const n = labels.length;
    const pred = probs.map((row) => row.indexOf(Math.max(...row)));
    expect(r.accuracy).toBeCloseTo(pred.filter((p, i) => p === labels[i]).length / n, 12);
    for (const { k: kk, accuracy } of r.topK) {
      const hits = probs.filter((row, i) => row.filter((v) => v > row[labels[i]!]!).length < kk).length;
      expect(accuracy).toBeCloseTo(hits / n, 12);
    }
    expect(r.topK[0]!.accuracy).toBeCloseTo(r.accuracy, 12);
    let wF1 = 0;
    for (let c = 0; c < k; c++) {
      const tp = pred.filter((p, i) => p === c && labels[i] === c).length;
      const fp = pred.filter((p, i) => p === c && labels[i] !== c).length;
      const fn = pred.filter((p, i) => p !== c && labels[i] === c).length;
      // F1 = 2TP / (2TP + FP + FN), the closed form.
      expect(r.perClass[c]!.precision).toBeCloseTo(tp / (tp + fp), 12);
      expect(r.perClass[c]!.recall).toBeCloseTo(tp / (tp + fn), 12);
      expect(r.perClass[c]!.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 12);
      expect(r.perClass[c]!.support).toBe(tp + fn);
      wF1 += ((2 * tp) / (2 * tp + fp + fn)) * (tp + fn);
    }
    expect(r.weighted.f1).toBeCloseTo(wF1 / n, 12);
    expect(r.macro.recall).toBeCloseTo(r.perClass.reduce((s, c) => s + c.recall, 0) / k, 12);
    const nll = -probs.reduce((s, row, i) => s + Math.log(row[labels[i]!]!), 0) / n;
    expect(r.nll).toBeCloseTo(nll, 10);
    const brier =
      probs.reduce(
        (s, row, i) => s + row.reduce((a, v, j) => a + (v - (j === labels[i] ? 1 : 0)) ** 2, 0),
        0,
      ) / n;
    expect(r.brier).toBeCloseTo(brier, 10);
    expect(r.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(n);
    expect(r.reliability).toHaveLength(15);
    expect(r.reliability.reduce((s, b) => s + b.count, 0)).toBe(n);
  });

  it('streams: Evaluator over batches equals one evaluate call; reads tensors without leaking', async () => {
    const { probs, labels } = randomCase(5, 90, 4);
    const whole = await evaluate(probs, labels, { numBins: 10, topK: [2] });
    const ev = new Evaluator({ numBins: 10, topK: [2] });
    for (let s = 0; s < 90; s += 32) {
      const p = tf.tensor2d(probs.slice(s, s + 32));
      const y = tf.tensor1d(labels.slice(s, s + 32), 'int32');
      await expectNoLeaks(() => ev.add(p, y), 'Evaluator.add');
      tf.dispose([p, y]);
    }
    const streamed = ev.result();
    expect(streamed.n).toBe(90);
    expect(streamed.confusionMatrix).toEqual(whole.confusionMatrix);
    expect(streamed.accuracy).toBeCloseTo(whole.accuracy, 12);
    expect(streamed.nll).toBeCloseTo(whole.nll, 10);
    expect(streamed.ece).toBeCloseTo(whole.ece, 10);
    const p = tf.tensor2d(probs);
    const y = tf.tensor1d(labels, 'int32');
    const viaTensors = await expectNoLeaks(() => evaluate(p, y, { numBins: 10, topK: [2] }), 'evaluate');
    expect(viaTensors.brier).toBeCloseTo(whole.brier, 10);
    const flat = await evaluate(
      { data: Float32Array.from(probs.flat()), shape: [90, 4] },
      Int32Array.from(labels),
    );
    expect(flat.accuracy).toBeCloseTo(whole.accuracy, 12);
    tf.dispose([p, y]);
  });

  it('refuses bad input with a TricksError naming function, argument, expected and given', async () => {
    await expect(evaluate([[0.5, 0.6]], [0])).rejects.toThrow(
      "evaluate: argument 'probs[0]' expected a row summing to 1",
    );
    await expect(evaluate([[1.5, -0.5]], [0])).rejects.toThrow(
      /evaluate: argument 'probs\[0\]\[0\]' expected a probability in \[0, 1\]/,
    );
    await expect(evaluate([[0.5, 0.5]], [2])).rejects.toThrow(
      "evaluate: argument 'labels[0]' expected an integer class index in [0, 2), got 2",
    );
    await expect(evaluate([[0.5, 0.5]], [0.5])).rejects.toThrow(TricksError);
    await expect(evaluate([[0.5, 0.5]], [0, 1])).rejects.toThrow(
      "evaluate: argument 'labels' expected 1 rows (one per row of 'probs'), got 2 rows",
    );
    await expect(evaluate([], [])).rejects.toThrow(
      /expected at least one row of probabilities, got an empty input/,
    );
    await expect(evaluate([[0.5, 0.5]], [0], { topK: [3] })).rejects.toThrow(/options.topK/);
    await expect(evaluate([[0.5, 0.5]], [0], { classNames: ['x'] })).rejects.toThrow(/options.classNames/);
    await expect(evaluate([[0.5, 0.5]], [0], { numBins: 0 })).rejects.toThrow(/options.numBins/);
    await expect(evaluate([[Number.NaN, 1]], [0])).rejects.toThrow(/got NaN/);
    expect(() => new Evaluator().result()).toThrow(TricksError);
    const ev = new Evaluator();
    await ev.add([[0.5, 0.5]], [0]);
    await expect(ev.add([[0.2, 0.3, 0.5]], [0])).rejects.toThrow(/expected 2 columns/);
    // A refused first batch leaves the Evaluator unset: K is still free.
    const fresh = new Evaluator({ topK: [3] });
    await expect(fresh.add([[0.5, 0.5]], [0])).rejects.toThrow(/options.topK/);
    await fresh.add([[0.2, 0.3, 0.5]], [2]);
    expect(fresh.result().topK).toEqual([{ k: 3, accuracy: 1 }]);
  });
});
