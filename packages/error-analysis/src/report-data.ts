import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import { type EvaluateOptions, type Evaluation, Evaluator } from './evaluator';
import { type FindLabelIssuesOptions, findLabelIssues, type LabelIssue } from './find-label-issues';
import { type MistakeRecord, mistakes } from './mistakes';
import type { LabelsInput, ProbsInput } from './prediction-input';
import type { ImagesInput } from './report-images';

/** One training run's per-epoch (or per-step) curves. Non-finite values plot as gaps. */
export interface TrainingHistory {
  loss: readonly number[];
  accuracy?: readonly number[];
  valLoss?: readonly number[];
  valAccuracy?: readonly number[];
  /** Learning rate per epoch/step. */
  lr?: readonly number[];
}

/** A learning-rate schedule to plot: its values, or a `Schedule` sampled at steps 0…steps−1. */
export type ScheduleInput = readonly number[] | { schedule: (step: number) => number; steps: number };

/** Any extra line chart: named series of y values at x = 0, 1, … */
export interface ExtraChart {
  title: string;
  series: Readonly<Record<string, readonly number[]>>;
  xLabel?: string;
  yLabel?: string;
}

/** What {@link renderReport} shows. */
export interface ReportInput {
  /** [N, K] probabilities (rows sum to 1). Not disposed. */
  probs: ProbsInput;
  /** N integer labels in [0, K). */
  labels: LabelsInput;
  /** The N images (NHWC, [0, 1]); only the shown ones are read and encoded. */
  images?: ImagesInput;
  /** K class names. */
  classNames?: readonly string[];
  /** Page title; default "Error analysis". */
  title?: string;
  /** Augmentation parameters (JSON-able): an array of N per-sample values is shown on each card; anything else in its own section. */
  augmentParams?: unknown;
  /** Training runs by name (e.g. `{ baseline: {...}, recipe: {...} }`). */
  history?: Readonly<Record<string, TrainingHistory>>;
  /** Learning-rate schedules by name, plotted together with any run's `lr`. */
  schedules?: Readonly<Record<string, ScheduleInput>>;
  /** Extra line charts. */
  charts?: readonly ExtraChart[];
  /** Cards per image grid (worst mistakes, label issues), ≥ 1; default 24. */
  limit?: number;
  /**
   * Options for {@link findLabelIssues}, or `false` to skip that section. The issues are only
   * meaningful when `probs` are out-of-sample (e.g. from {@link crossValPredict}).
   */
  labelIssues?: FindLabelIssuesOptions | false;
  /** Options passed to {@link evaluate} (`classNames` comes from above). */
  evaluate?: Omit<EvaluateOptions, 'classNames'>;
}

/** The report's content as plain JSON-able data (also written as `<name>.json`). */
export interface ReportData {
  title: string;
  evaluation: Evaluation;
  /** Misclassified samples, most confident first, at most `limit`. */
  mistakes: MistakeRecord[];
  /** Total misclassified. */
  mistakeCount: number;
  /** Suspected label issues, most suspicious first, at most `limit`; null when skipped. */
  labelIssues: LabelIssue[] | null;
  labelIssueCount: number | null;
  history: Record<string, TrainingHistory> | null;
  schedules: Record<string, number[]> | null;
  charts: ExtraChart[];
  augmentParams: unknown;
}

function checkSeries(fn: string, arg: string, values: unknown, required: boolean): void {
  if (values === undefined && !required) return;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'number')) {
    throw new TricksError(fn, arg, 'an array of numbers', describeValue(values));
  }
}

/** Validates the input and computes everything the report shows (no images). */
export async function buildReportData(fn: string, input: ReportInput): Promise<ReportData> {
  if (!input || typeof input !== 'object')
    throw new TricksError(fn, 'input', 'an object { probs, labels, … }', describeValue(input));
  const limit = input.limit ?? 24;
  assertInteger(fn, 'input.limit', limit, 1);
  const ev = new Evaluator({ ...input.evaluate, classNames: input.classNames }, fn);
  await ev.add(input.probs, input.labels);
  const evaluation = ev.result();
  const allMistakes = await mistakes(input.probs, input.labels, { sortBy: 'confidence' });
  let labelIssues: LabelIssue[] | null = null;
  let labelIssueCount: number | null = null;
  if (input.labelIssues !== false) {
    const found = await findLabelIssues(input.probs, input.labels, input.labelIssues ?? {});
    labelIssues = found.issues.slice(0, limit);
    labelIssueCount = found.issues.length;
  }
  let history: Record<string, TrainingHistory> | null = null;
  if (input.history !== undefined) {
    if (!input.history || typeof input.history !== 'object') {
      throw new TricksError(
        fn,
        'input.history',
        '{ [runName]: { loss, accuracy?, valLoss?, valAccuracy?, lr? } }',
        describeValue(input.history),
      );
    }
    history = {};
    for (const [run, h] of Object.entries(input.history)) {
      if (!h || typeof h !== 'object')
        throw new TricksError(fn, `input.history.${run}`, 'a run { loss, … }', describeValue(h));
      checkSeries(fn, `input.history.${run}.loss`, h.loss, true);
      for (const key of ['accuracy', 'valLoss', 'valAccuracy', 'lr'] as const)
        checkSeries(fn, `input.history.${run}.${key}`, h[key], false);
      history[run] = { ...h };
    }
  }
  let schedules: Record<string, number[]> | null = null;
  if (input.schedules !== undefined) {
    schedules = {};
    for (const [name, s] of Object.entries(input.schedules)) {
      if (Array.isArray(s)) {
        checkSeries(fn, `input.schedules.${name}`, s, true);
        schedules[name] = [...(s as readonly number[])];
      } else if (s && typeof s === 'object' && typeof (s as { schedule?: unknown }).schedule === 'function') {
        const { schedule, steps } = s as { schedule: (step: number) => number; steps: number };
        assertInteger(fn, `input.schedules.${name}.steps`, steps, 1);
        schedules[name] = Array.from({ length: steps }, (_, t) => schedule(t));
      } else {
        throw new TricksError(
          fn,
          `input.schedules.${name}`,
          'an array of numbers or { schedule, steps }',
          describeValue(s),
        );
      }
    }
  }
  const charts = [...(input.charts ?? [])];
  charts.forEach((c, i) => {
    if (!c || typeof c.title !== 'string' || !c.series || typeof c.series !== 'object') {
      throw new TricksError(
        fn,
        `input.charts[${i}]`,
        '{ title, series: { name: number[] } }',
        describeValue(c),
      );
    }
    for (const [name, values] of Object.entries(c.series))
      checkSeries(fn, `input.charts[${i}].series.${name}`, values, true);
  });
  const augmentParams = input.augmentParams;
  return {
    title: input.title ?? 'Error analysis',
    evaluation,
    mistakes: allMistakes.slice(0, limit),
    mistakeCount: allMistakes.length,
    labelIssues,
    labelIssueCount,
    history,
    schedules,
    charts,
    augmentParams,
  };
}
