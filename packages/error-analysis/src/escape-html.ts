/** Escapes text for HTML/SVG element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for display: fixed decimals, with `–` for NaN/Infinity (diverged runs). */
export function formatNumber(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}
