import { escapeHtml, formatNumber } from './escape-html';

/** One line of a {@link lineChartSvg}: y values at x = 0, 1, 2, …; non-finite values leave gaps. */
export interface LineSeries {
  name: string;
  values: readonly number[];
  dashed?: boolean;
  /** Index into the palette, so a run keeps its colour across charts. */
  color?: number;
}

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** An inline SVG line chart with axes, 5 ticks per axis and a legend. */
export function lineChartSvg(
  title: string,
  series: readonly LineSeries[],
  options: { xLabel?: string; yLabel?: string } = {},
): string {
  const w = 480;
  const left = 56;
  const top = 28;
  const plotW = 300;
  const plotH = 200;
  const legendRowH = 16;
  const h = Math.max(top + plotH + 44, top + series.length * legendRowH + 20);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let len = 1;
  for (const s of series) {
    len = Math.max(len, s.values.length);
    for (const v of s.values) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-12) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const sx = (i: number) => left + (len > 1 ? (i / (len - 1)) * plotW : plotW / 2);
  const sy = (v: number) => top + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [
    `<svg class="chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(title)}">`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#999"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    const digits = Math.abs(hi - lo) < 0.01 ? 5 : Math.abs(hi - lo) < 1 ? 3 : 2;
    parts.push(
      `<text x="${left - 4}" y="${sy(v) + 3}" text-anchor="end" font-size="10">${formatNumber(v, digits)}</text>`,
    );
    parts.push(`<line x1="${left}" y1="${sy(v)}" x2="${left + plotW}" y2="${sy(v)}" stroke="#e5e5e5"/>`);
    const xi = Math.round(((len - 1) * t) / 4);
    parts.push(
      `<text x="${sx(xi)}" y="${top + plotH + 14}" text-anchor="middle" font-size="10">${xi}</text>`,
    );
  }
  if (options.xLabel) {
    parts.push(
      `<text x="${left + plotW / 2}" y="${top + plotH + 30}" text-anchor="middle" font-size="11">${escapeHtml(options.xLabel)}</text>`,
    );
  }
  if (options.yLabel) {
    parts.push(
      `<text x="12" y="${top + plotH / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${top + plotH / 2})">${escapeHtml(options.yLabel)}</text>`,
    );
  }
  series.forEach((s, si) => {
    const color = PALETTE[(s.color ?? si) % PALETTE.length]!;
    // Split at non-finite values so a diverged run shows a gap, not a made-up line.
    const segments: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (Number.isFinite(v)) segments[segments.length - 1]!.push(`${sx(i).toFixed(1)},${sy(v).toFixed(1)}`);
      else if (segments[segments.length - 1]!.length > 0) segments.push([]);
    });
    for (const seg of segments) {
      if (seg.length === 1)
        parts.push(
          `<circle cx="${seg[0]!.split(',')[0]}" cy="${seg[0]!.split(',')[1]}" r="2.5" fill="${color}"/>`,
        );
      else if (seg.length > 1) {
        parts.push(
          `<polyline fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${seg.join(' ')}"/>`,
        );
      }
    }
    const ly = top + 8 + si * legendRowH;
    parts.push(
      `<line x1="${left + plotW + 10}" y1="${ly}" x2="${left + plotW + 30}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
    parts.push(`<text x="${left + plotW + 34}" y="${ly + 4}" font-size="10">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
