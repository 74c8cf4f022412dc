/** One named line of a chart. */
export interface ChartSeries {
  name: string;
  color: string;
  /** y values; x is the index + `xStart` (steps from 1, epochs from 1). */
  values: number[];
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 480;
const H = 260;
const PAD = { left: 48, right: 12, top: 12, bottom: 30 };

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Tick labels with just enough decimals to tell the 5 ticks of `range` apart. */
function tick(v: number, range: number): string {
  const decimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(range / 4)) + 1));
  return v.toFixed(decimals);
}

/**
 * Redraws `svg` as a line chart of `series` (axes, 5 y ticks, a legend, a dot per point when
 * there are few). Sets `data-points` to the longest series' length, so tests can wait on it.
 */
export function drawLineChart(
  svg: SVGSVGElement,
  series: ChartSeries[],
  options: { xLabel: string; yMin?: number; yMax?: number; xStart?: number },
): void {
  svg.replaceChildren();
  const xStart = options.xStart ?? 1;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const n = Math.max(0, ...series.map((s) => s.values.length));
  svg.dataset.points = String(n);
  let lo = options.yMin ?? (all.length ? Math.min(...all) : 0);
  let hi = options.yMax ?? (all.length ? Math.max(...all) : 1);
  // A flat line still needs a visible range.
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const xMax = Math.max(n - 1 + xStart, xStart + 1);
  const x = (i: number) => PAD.left + (i / Math.max(1, xMax - xStart)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);

  svg.append(
    el('rect', {
      x: PAD.left,
      y: PAD.top,
      width: W - PAD.left - PAD.right,
      height: H - PAD.top - PAD.bottom,
      fill: '#fafafa',
      stroke: '#ccc',
    }),
  );
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), stroke: '#eee' }));
    svg.append(
      el(
        'text',
        { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#666' },
        tick(v, hi - lo),
      ),
    );
  }
  svg.append(el('text', { x: PAD.left, y: H - 8, 'font-size': 10, fill: '#666' }, String(xStart)));
  svg.append(
    el(
      'text',
      { x: W - PAD.right, y: H - 8, 'text-anchor': 'end', 'font-size': 10, fill: '#666' },
      String(xMax),
    ),
  );
  svg.append(
    el(
      'text',
      { x: (W + PAD.left) / 2, y: H - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#444' },
      options.xLabel,
    ),
  );

  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    if (pts.length > 1)
      svg.append(
        el('polyline', { points: pts.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 1.8 }),
      );
    if (s.values.length <= 40) {
      s.values.forEach((v, i) => {
        svg.append(el('circle', { cx: x(i), cy: y(v), r: 2.5, fill: s.color }));
      });
    }
    svg.append(
      el('text', { x: PAD.left + 8, y: PAD.top + 14 + 13 * k, 'font-size': 11, fill: s.color }, s.name),
    );
  });
}
