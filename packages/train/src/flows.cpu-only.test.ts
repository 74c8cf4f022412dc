import { describe, expect, it } from 'vitest';
import { tinyData, tinyRecipe } from '../test/tiny-run';
import { distillRun } from './distill-run';
import { pseudoLabelRun, splitLabeled } from './pseudo-label-run';
import { train } from './train';

describe('distillRun with a given teacher', () => {
  it('distills from it without training or disposing it', async () => {
    const data = await tinyData();
    const recipe = tinyRecipe({ mix: undefined, ema: undefined });
    const teacherSpec = { type: 'simpleCnn' as const, widths: [8], convsPerStage: 1 };
    const teacher = await train({ ...recipe, model: teacherSpec }, data, { seed: 3 });
    const before = teacher.model.getWeights().map((w) => Array.from(w.dataSync()));
    const run = await distillRun(
      { ...recipe, distill: { teacher: teacherSpec, teacherEpochs: 5, temperature: 2, alpha: 0.5 } },
      data,
      { seed: 0, teacher: teacher.model },
    );
    expect(run.teacher.steps).toBe(0);
    expect(run.teacher.test.accuracy).toBeCloseTo(teacher.test.accuracy, 6);
    expect(run.steps).toBe(8); // 64 images / 16 × 2 epochs
    // Still usable (not disposed) and unchanged.
    teacher.model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(before[i]));
    run.model.dispose();
    teacher.model.dispose();
  });
});

/** The tiny pseudo-label recipe, its labeled split and the labeled-only model trained on it. */
async function pseudoLabelSetup() {
  const data = await tinyData();
  const recipe = tinyRecipe({
    mix: undefined,
    ema: undefined,
    pseudoLabel: { labeledFraction: 0.25, rounds: 1, threshold: 0, maxPerClass: 3, labeledShare: 0.5 },
  });
  const split = splitLabeled(recipe, data.train, 0);
  const { pseudoLabel: _pl, trainLimit: _n, ...plain } = recipe;
  const labeledOnly = await train(plain, { train: split.labeledRepeated, test: data.test }, { seed: 0 });
  return { data, recipe, split, plain, labeledOnly };
}

describe('pseudoLabelRun with a given labeled-only model', () => {
  it('keeps it, caps pseudo-labels per class and gives the student the same step budget', async () => {
    const { data, recipe, split, labeledOnly } = await pseudoLabelSetup();
    expect(split.labeled.labels.length + split.unlabeled.labels.length).toBe(64);
    const seen: number[] = [];
    const run = await pseudoLabelRun(recipe, data, {
      seed: 0,
      labeledOnly,
      onStudent: (round, student) => {
        seen.push(round);
        expect(student.model.countParams()).toBeGreaterThan(0);
      },
    });
    expect(seen).toEqual([0]);
    expect(run.labeledOnlyAccuracy).toBe(labeledOnly.test.accuracy);
    const r = run.rounds[0]!;
    for (const c of r.perClassCounts) expect(c).toBeLessThanOrEqual(3);
    expect(r.kept).toBeGreaterThan(0);
    // Labeled ×R + pseudo, fitted to the labeled-only model's steps (to within epochs − 1).
    expect(run.steps).toBeLessThanOrEqual(labeledOnly.steps);
    // (epochs · ⌊budget / epochs⌋ ≥ budget / 2; studentRows' own tests check the exact bound.)
    expect(run.steps).toBeGreaterThanOrEqual(labeledOnly.steps / 2);
    expect(labeledOnly.model.countParams()).toBeGreaterThan(0); // not disposed
    run.model.dispose();
    labeledOnly.model.dispose();
  });

  it('gives the student `studentSteps` instead of the labeled-only budget', async () => {
    const { data, recipe, labeledOnly } = await pseudoLabelSetup();
    const budget = 3 * labeledOnly.steps;
    const run = await pseudoLabelRun(recipe, data, { seed: 0, labeledOnly, studentSteps: budget });
    // Fitted to the given budget to within epochs − 1, so well past the labeled-only model's steps.
    expect(run.steps).toBeLessThanOrEqual(budget);
    expect(run.steps).toBeGreaterThan(labeledOnly.steps);
    const { labeledShare: _share, ...noShare } = recipe.pseudoLabel!;
    await expect(
      pseudoLabelRun({ ...recipe, pseudoLabel: noShare }, data, {
        seed: 0,
        labeledOnly,
        studentSteps: budget,
      }),
    ).rejects.toThrow(/labeledShare/);
    await expect(pseudoLabelRun(recipe, data, { seed: 0, labeledOnly, studentSteps: 0 })).rejects.toThrow();
    run.model.dispose();
    labeledOnly.model.dispose();
  });

  it('trains the student with `studentModel` when given (a larger student)', async () => {
    const { data, recipe, plain, labeledOnly } = await pseudoLabelSetup();
    const studentModel = { type: 'simpleCnn' as const, widths: [12], convsPerStage: 1 };
    const run = await pseudoLabelRun(recipe, data, { seed: 0, labeledOnly, studentModel });
    const expected = (await train({ ...plain, model: studentModel, epochs: 1 }, data, { seed: 1 })).model;
    expect(run.model.countParams()).toBe(expected.countParams());
    expect(run.model.countParams()).not.toBe(labeledOnly.model.countParams());
    expected.dispose();
    run.model.dispose();
    labeledOnly.model.dispose();
  });
});
