import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import type { ImageDataset } from '@tftricks/data';
import { renderReport } from '@tftricks/error-analysis';
import type { RunResult } from '../train-options';

/** Options of {@link writeRunReport}. */
export interface RunReportOptions {
  /** Where `report.html`, `report.json` and `summary.json` go (created if missing). */
  outDir: string;
  /** The page's title; default: every run's name and accuracy, "a 91.2% vs b 92.0%". */
  title?: string;
  /** Recorded in the summary: the backend in use, the data's source, the seed. */
  backend: string;
  source: string;
  seed: number;
}

/** Paths of the files {@link writeRunReport} wrote. */
export interface RunReportFiles {
  html: string;
  json: string;
  summary: string;
}

/**
 * Node: writes the error-analysis report of finished runs (`@tftricks/error-analysis`'s
 * `renderReport`: metrics, confusion matrix, reliability diagram, worst mistakes and suspected
 * label issues of the last run on `test`, every run's curves and schedule) as
 * `report.html` / `report.json`, and `summary.json` (backend, data, seed, and per run the
 * accuracy, NLL, parameters, seconds, steps and history). `test` is the split the runs were
 * evaluated on, so its images line up with the runs' predictions.
 */
export async function writeRunReport(
  results: readonly RunResult[],
  data: { train: ImageDataset; test: ImageDataset },
  options: RunReportOptions,
): Promise<RunReportFiles> {
  const last = results[results.length - 1];
  if (!last) throw new TricksError('writeRunReport', 'results', 'at least one finished run', 'none');
  const { test } = data;
  const numClasses = test.numClasses;
  const images = tf.tidy(() =>
    tf.div(tf.tensor4d(Float32Array.from(test.pixels), [test.labels.length, ...test.imageShape]), 255),
  ) as tf.Tensor4D;
  const percent = (r: RunResult) => `${r.name} ${(100 * r.test.accuracy).toFixed(2)}%`;
  let report: Awaited<ReturnType<typeof renderReport>>;
  try {
    report = await renderReport(
      {
        title: options.title ?? `tftricks: ${results.map(percent).join(' vs ')}`,
        probs: { data: last.test.probs, shape: [last.test.labels.length, numClasses] },
        labels: last.test.labels,
        images,
        classNames: data.train.classNames ?? Array.from({ length: numClasses }, (_, k) => String(k)),
        history: Object.fromEntries(results.map((r) => [r.name, r.history])),
        schedules: Object.fromEntries(results.map((r) => [r.name, r.schedule.lr])),
      },
      options.outDir,
      { name: 'report' },
    );
  } finally {
    images.dispose();
  }
  const summary = {
    backend: options.backend,
    data: { source: options.source, train: data.train.labels.length, test: test.labels.length },
    seed: options.seed,
    runs: results.map((r) => ({
      name: r.name,
      testAccuracy: r.test.accuracy,
      testNll: r.test.loss,
      params: r.params,
      seconds: r.seconds,
      steps: r.steps,
      history: r.history,
    })),
  };
  const summaryPath = join(options.outDir, 'summary.json');
  await writeFile(summaryPath, JSON.stringify(summary, null, 2));
  return { html: report.files!.html, json: report.files!.json, summary: summaryPath };
}
