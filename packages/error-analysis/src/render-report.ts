import { confusionHeatmapSvg } from './confusion-heatmap';
import { escapeHtml, formatNumber } from './escape-html';
import { type LineSeries, lineChartSvg } from './line-chart';
import { reliabilityDiagramSvg } from './reliability-diagram';
import { buildReportData, type ReportData, type ReportInput } from './report-data';
import { imageDataUris } from './report-images';
import { writeReportFiles } from './write-report-files';

/** What {@link renderReport} produced. */
export interface RenderedReport {
  /** The self-contained HTML page (no scripts, no network: SVG and PNG data URIs inline). */
  html: string;
  /** The same content as JSON (`data`, pretty-printed). */
  json: string;
  data: ReportData;
  /** Paths written, when `outDir` was given (Node only). */
  files?: { html: string; json: string };
}

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.summary{display:flex;flex-wrap:wrap;gap:10px}.metric{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:90px}
.metric b{display:block;font-size:18px}.metric span{color:#666;font-size:12px}
.row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}
.grid{display:flex;flex-wrap:wrap;gap:10px}.card{margin:0;border:1px solid #ddd;border-radius:6px;padding:6px;width:132px;font-size:12px}
.card img{width:112px;height:112px;image-rendering:pixelated;display:block;margin:0 auto 4px;background:#eee}
.card .bad{color:#b00}.note{color:#666;font-size:12px}pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:300px}
details{font-size:11px}
`;

function metricBox(label: string, value: string): string {
  return `<div class="metric"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;
}

function sampleCard(
  index: number,
  given: string,
  predicted: string,
  confidence: number,
  extra: string,
  uri: string | undefined,
  augment: unknown,
): string {
  const img = uri ? `<img src="${uri}" alt="sample ${index}"/>` : '';
  const aug =
    augment === undefined
      ? ''
      : `<details><summary>augmentation</summary><pre>${escapeHtml(JSON.stringify(augment, null, 1))}</pre></details>`;
  return (
    `<figure class="card">${img}<figcaption>#${index}<br/>given: <b>${escapeHtml(given)}</b><br/>` +
    `predicted: <b class="bad">${escapeHtml(predicted)}</b><br/>confidence ${formatNumber(confidence)}${extra}${aug}</figcaption></figure>`
  );
}

function trainingCharts(data: ReportData): string[] {
  const charts: string[] = [];
  const runs = Object.entries(data.history ?? {});
  const pick = (
    key: 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy' | 'lr',
    suffix: string,
    dashed: boolean,
  ): LineSeries[] =>
    runs.flatMap(([run, h], i) =>
      h[key] ? [{ name: `${run}${suffix}`, values: h[key]!, dashed, color: i }] : [],
    );
  const loss = [...pick('loss', ' train', false), ...pick('valLoss', ' val', true)];
  if (loss.length) charts.push(lineChartSvg('Loss', loss, { xLabel: 'epoch' }));
  const acc = [...pick('accuracy', ' train', false), ...pick('valAccuracy', ' val', true)];
  if (acc.length) charts.push(lineChartSvg('Accuracy', acc, { xLabel: 'epoch' }));
  const lr = [
    ...pick('lr', '', false),
    ...Object.entries(data.schedules ?? {}).map(([name, values], i) => ({
      name,
      values,
      dashed: true,
      color: runs.length + i,
    })),
  ];
  if (lr.length) charts.push(lineChartSvg('Learning rate', lr, { xLabel: 'step / epoch' }));
  for (const c of data.charts) {
    const series = Object.entries(c.series).map(([name, values]) => ({ name, values }));
    charts.push(lineChartSvg(c.title, series, { xLabel: c.xLabel, yLabel: c.yLabel }));
  }
  return charts;
}

/** Builds the HTML page of a report from its data and the images' data URIs. */
export function reportHtml(data: ReportData, uris: ReadonlyMap<number, string>): string {
  const ev = data.evaluation;
  const names = ev.classNames;
  const perSample =
    Array.isArray(data.augmentParams) && data.augmentParams.length === ev.n
      ? (data.augmentParams as unknown[])
      : null;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escapeHtml(data.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(data.title)}</h1>`,
    '<section><h2>Summary</h2><div class="summary">',
    metricBox('samples', String(ev.n)),
    metricBox('accuracy', formatNumber(ev.accuracy, 4)),
    ...ev.topK.map((t) => metricBox(`top-${t.k} accuracy`, formatNumber(t.accuracy, 4))),
    metricBox('macro F1', formatNumber(ev.macro.f1, 4)),
    metricBox('weighted F1', formatNumber(ev.weighted.f1, 4)),
    metricBox('NLL', formatNumber(ev.nll, 4)),
    metricBox('Brier', formatNumber(ev.brier, 4)),
    metricBox(`ECE (${ev.reliability.length} bins)`, formatNumber(ev.ece, 4)),
    metricBox('MCE', formatNumber(ev.mce, 4)),
    metricBox('misclassified', String(data.mistakeCount)),
    ...(data.labelIssueCount === null
      ? []
      : [metricBox('suspected label issues', String(data.labelIssueCount))]),
    '</div></section>',
    '<section><h2>Confusion matrix and calibration</h2><div class="row">',
    `<div>${confusionHeatmapSvg(ev.confusionMatrix, names)}</div>`,
    `<div>${reliabilityDiagramSvg(ev.reliability, ev.ece)}</div>`,
    '</div></section>',
    '<section><h2>Per class</h2><table><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>',
  ];
  for (const c of ev.perClass) {
    out.push(
      `<tr><td>${escapeHtml(c.className)}</td><td>${formatNumber(c.precision)}</td><td>${formatNumber(c.recall)}</td><td>${formatNumber(c.f1)}</td><td>${c.support}</td></tr>`,
    );
  }
  for (const [label, m] of [
    ['macro avg', ev.macro],
    ['weighted avg', ev.weighted],
  ] as const) {
    out.push(
      `<tr><th>${label}</th><th>${formatNumber(m.precision)}</th><th>${formatNumber(m.recall)}</th><th>${formatNumber(m.f1)}</th><th>${ev.n}</th></tr>`,
    );
  }
  out.push('</tbody></table></section>');
  const charts = trainingCharts(data);
  if (charts.length)
    out.push(
      '<section><h2>Training</h2><div class="row">',
      ...charts.map((c) => `<div>${c}</div>`),
      '</div></section>',
    );
  out.push(
    `<section><h2>Worst mistakes</h2><p class="note">Misclassified samples, most confident first (${data.mistakes.length} of ${data.mistakeCount}).</p><div class="grid">`,
  );
  for (const m of data.mistakes) {
    const extra = `<br/>loss ${formatNumber(m.loss)}`;
    out.push(
      sampleCard(
        m.index,
        names[m.label]!,
        names[m.predicted]!,
        m.confidence,
        extra,
        uris.get(m.index),
        perSample?.[m.index],
      ),
    );
  }
  out.push('</div></section>');
  if (data.labelIssues) {
    out.push(
      `<section><h2>Suspected label issues</h2><p class="note">Confident learning, lowest self-confidence first (${data.labelIssues.length} of ${data.labelIssueCount}). Only meaningful when the probabilities are out-of-sample (cross-validated).</p><div class="grid">`,
    );
    for (const r of data.labelIssues) {
      const extra = `<br/>p(given) ${formatNumber(r.selfConfidence)}`;
      out.push(
        sampleCard(
          r.index,
          names[r.label]!,
          names[r.predicted]!,
          r.confidence,
          extra,
          uris.get(r.index),
          perSample?.[r.index],
        ),
      );
    }
    out.push('</div></section>');
  }
  if (data.augmentParams !== undefined && !perSample) {
    out.push(
      `<section><h2>Augmentation</h2><pre>${escapeHtml(JSON.stringify(data.augmentParams, null, 2))}</pre></section>`,
    );
  }
  out.push('<p class="note">Generated by @tftricks/error-analysis.</p></body></html>');
  return out.join('\n');
}

/**
 * Renders an error-analysis report: one self-contained HTML page (inline SVG charts, PNG data
 * URIs, no scripts, no network) with summary metrics, a confusion-matrix heatmap, a reliability
 * diagram, a per-class table, training curves of one or more named runs and schedules, and
 * image grids of the worst mistakes and of suspected label issues; plus the same data as JSON.
 *
 * Works in Node and browsers. With `outDir` (Node only) it also writes
 * `<outDir>/<name>.html` and `<outDir>/<name>.json` (name default `'report'`).
 *
 * @param input probs [N, K], labels [N], optional images [N, H, W, C] in [0, 1] (tensors are
 *   only read, never disposed), class names, history, schedules, charts.
 */
export async function renderReport(
  input: ReportInput,
  outDir?: string,
  options: { name?: string } = {},
): Promise<RenderedReport> {
  const fn = 'renderReport';
  const data = await buildReportData(fn, input);
  const shown = [...data.mistakes.map((m) => m.index), ...(data.labelIssues ?? []).map((r) => r.index)];
  const uris =
    input.images === undefined
      ? new Map<number, string>()
      : await imageDataUris(fn, input.images, shown, data.evaluation.n);
  const html = reportHtml(data, uris);
  const json = JSON.stringify(data, null, 2);
  if (outDir === undefined) return { html, json, data };
  const files = await writeReportFiles(fn, outDir, options.name ?? 'report', html, json);
  return { html, json, data, files };
}
