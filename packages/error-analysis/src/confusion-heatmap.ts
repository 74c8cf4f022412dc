import { escapeHtml } from './escape-html';

/**
 * An inline SVG heatmap of a K×K confusion matrix `[true][predicted]`. Cell colour is the
 * row-normalised rate (recall on the diagonal); counts are printed when K ≤ 20.
 */
export function confusionHeatmapSvg(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): string {
  const k = matrix.length;
  const cell = k <= 12 ? 40 : k <= 20 ? 28 : Math.max(6, Math.floor(560 / k));
  const labelW = 110;
  const top = 110;
  const w = labelW + k * cell + 20;
  const h = top + k * cell + 40;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Confusion matrix">`,
  );
  for (let r = 0; r < k; r++) {
    const row = matrix[r]!;
    const total = row.reduce((s, v) => s + v, 0);
    for (let c = 0; c < k; c++) {
      const v = row[c]!;
      const rate = total > 0 ? v / total : 0;
      // Blue for the diagonal (right), red off it (confusions), intensity by rate.
      const hue = r === c ? 215 : 5;
      const light = Math.round(97 - rate * 55);
      const x = labelW + c * cell;
      const y = top + r * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="hsl(${hue},70%,${light}%)" stroke="#fff"><title>${escapeHtml(
          `true ${classNames[r]} → predicted ${classNames[c]}: ${v} (${(rate * 100).toFixed(1)}%)`,
        )}</title></rect>`,
      );
      if (k <= 20 && v > 0) {
        parts.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="${cell >= 40 ? 11 : 9}" fill="${light < 60 ? '#fff' : '#222'}">${v}</text>`,
        );
      }
    }
  }
  const fs = Math.min(11, cell - 2);
  for (let i = 0; i < k; i++) {
    const name = escapeHtml(classNames[i]!);
    parts.push(
      `<text x="${labelW - 4}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="${fs}">${name}</text>`,
    );
    const x = labelW + i * cell + cell / 2;
    parts.push(
      `<text x="${x}" y="${top - 6}" font-size="${fs}" transform="rotate(-45 ${x} ${top - 6})">${name}</text>`,
    );
  }
  parts.push(
    `<text x="${labelW + (k * cell) / 2}" y="${h - 12}" text-anchor="middle" font-size="12">predicted</text>`,
  );
  parts.push(
    `<text x="12" y="${top + (k * cell) / 2}" font-size="12" transform="rotate(-90 12 ${top + (k * cell) / 2})" text-anchor="middle">true</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
