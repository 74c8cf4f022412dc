import { formatNumber } from './escape-html';
import type { ReliabilityBin } from './expected-calibration-error';

/**
 * An inline SVG reliability diagram: per-bin accuracy bars against the diagonal of perfect
 * calibration, the gap to each bin's mean confidence shaded, and a sample-count strip below.
 */
export function reliabilityDiagramSvg(bins: readonly ReliabilityBin[], ece: number): string {
  const w = 360;
  const h = 360;
  const left = 44;
  const top = 16;
  const plot = 280;
  const strip = 36;
  const sx = (v: number) => left + v * plot;
  const sy = (v: number) => top + (1 - v) * plot;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const parts: string[] = [
    `<svg class="chart" width="${w}" height="${h + strip}" viewBox="0 0 ${w} ${h + strip}" role="img" aria-label="Reliability diagram">`,
    `<rect x="${left}" y="${top}" width="${plot}" height="${plot}" fill="#fafafa" stroke="#999"/>`,
  ];
  for (const b of bins) {
    if (b.count === 0) continue;
    const x = sx(b.lo) + 1;
    const bw = Math.max(1, sx(b.hi) - sx(b.lo) - 2);
    parts.push(
      `<rect x="${x}" y="${sy(b.accuracy)}" width="${bw}" height="${sy(0) - sy(b.accuracy)}" fill="#4a7fd4"><title>(${formatNumber(b.lo, 2)}, ${formatNumber(b.hi, 2)}]: accuracy ${formatNumber(b.accuracy)}, confidence ${formatNumber(b.confidence)}, n=${b.count}</title></rect>`,
    );
    const y0 = Math.min(sy(b.accuracy), sy(b.confidence));
    const gh = Math.abs(sy(b.accuracy) - sy(b.confidence));
    if (gh > 0.5)
      parts.push(
        `<rect x="${x}" y="${y0}" width="${bw}" height="${gh}" fill="#e4572e" fill-opacity="0.45"/>`,
      );
    const ch = (b.count / maxCount) * (strip - 8);
    parts.push(`<rect x="${x}" y="${h + strip - 4 - ch}" width="${bw}" height="${ch}" fill="#888"/>`);
  }
  parts.push(
    `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#333" stroke-dasharray="4 3"/>`,
  );
  for (let t = 0; t <= 4; t++) {
    const v = t / 4;
    parts.push(
      `<text x="${sx(v)}" y="${top + plot + 14}" text-anchor="middle" font-size="10">${v.toFixed(2)}</text>`,
    );
    parts.push(
      `<text x="${left - 4}" y="${sy(v) + 3}" text-anchor="end" font-size="10">${v.toFixed(2)}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plot / 2}" y="${top + plot + 30}" text-anchor="middle" font-size="12">confidence</text>`,
  );
  parts.push(
    `<text x="12" y="${top + plot / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 12 ${top + plot / 2})">accuracy</text>`,
  );
  parts.push(`<text x="${left + 8}" y="${top + 16}" font-size="12">ECE ${formatNumber(ece, 4)}</text>`);
  parts.push(`<text x="${left}" y="${h + 8}" font-size="10" fill="#555">samples per bin</text>`);
  parts.push('</svg>');
  return parts.join('');
}
