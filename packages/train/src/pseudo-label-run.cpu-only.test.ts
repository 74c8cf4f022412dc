import { createRng } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { studentRows } from './pseudo-label-run';

const steps = (f: { rows: number[]; epochs: number }, batchSize: number) =>
  f.epochs * Math.floor(f.rows.length / batchSize);

describe('studentRows', () => {
  it('fits a pseudo-labelled set longer than the budget to the budget (one epoch, a random subset)', () => {
    // 5,500 labels, 49,500 pseudo-labels, labels half of every epoch: 99,000 rows > 1,400 × 64.
    const f = studentRows({
      labeled: 5500,
      pseudo: 49500,
      labeledShare: 0.5,
      repeats: 10,
      budget: 1400,
      batchSize: 64,
      rng: createRng(0),
    });
    expect(f.labeledRepeats).toBe(9);
    expect(f.epochs).toBe(1);
    expect(f.rows.length).toBe(1400 * 64);
    expect(steps(f, 64)).toBe(1400);
    // No row twice, every index in range, and the true labels keep about half of the rows.
    const labeledRows = f.rows.filter((i) => i < 5500).length;
    expect(Math.abs(labeledRows / f.rows.length - 0.5)).toBeLessThan(0.01);
    const pseudo = f.rows.filter((i) => i >= 5500);
    expect(new Set(pseudo).size).toBe(pseudo.length);
    for (const i of f.rows) expect(i >= 0 && i < 55000).toBe(true);
  });

  it('cycles a shorter set and keeps the step budget within epochs − 1', () => {
    for (const [pseudo, share] of [
      [49500, 0.5],
      [27500, 0.5],
      [12000, 0.5],
      [3000, 0.3],
      [0, 0.5],
    ] as const) {
      const f = studentRows({
        labeled: 5500,
        pseudo,
        labeledShare: share,
        repeats: 10,
        budget: 1718,
        batchSize: 64,
        rng: createRng(1),
      });
      expect(steps(f, 64)).toBeLessThanOrEqual(1718);
      expect(steps(f, 64)).toBeGreaterThan(1718 - f.epochs);
      // Every pseudo-label is used when the set fits in one epoch.
      const used = new Set(f.rows);
      if (f.rows.length >= 5500 * f.labeledRepeats + pseudo)
        for (let j = 5500; j < 5500 + pseudo; j++) expect(used.has(j)).toBe(true);
    }
  });

  it('repeats the labels `repeats` times when nothing is pseudo-labelled, and fills a batch', () => {
    const f = studentRows({
      labeled: 4,
      pseudo: 0,
      labeledShare: 0.5,
      repeats: 3,
      budget: 5,
      batchSize: 16,
      rng: createRng(2),
    });
    expect(f.labeledRepeats).toBe(3);
    expect(steps(f, 16)).toBe(5);
    for (const i of f.rows) expect(i).toBeLessThan(4);
  });

  it('is deterministic for a seed', () => {
    const spec = { labeled: 10, pseudo: 30, labeledShare: 0.5, repeats: 4, budget: 7, batchSize: 8 };
    expect(studentRows({ ...spec, rng: createRng(5) }).rows).toEqual(
      studentRows({ ...spec, rng: createRng(5) }).rows,
    );
  });
});
