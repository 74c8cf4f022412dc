// Shared by the report tests (not a test file itself): a small synthetic report input and an
// HTML structure check.
import { createRng } from '@tftricks/core';
import type { ReportInput } from './report-data';

export const CLASS_NAMES = ['disc', 'bar', 'cross', 'ring'];

/** N 16×16 gray images of four drawn shapes, labels (3 flipped), and softmax-like probs. */
export function syntheticReport(n = 40): {
  pixels: Float32Array;
  shape: [number, number, number, number];
  labels: number[];
  probs: number[][];
  input: Omit<ReportInput, 'probs' | 'labels' | 'images'>;
} {
  const rng = createRng(11);
  const s = 16;
  const pixels = new Float32Array(n * s * s);
  const labels: number[] = [];
  const probs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 4;
    for (let r = 0; r < s; r++) {
      for (let c = 0; c < s; c++) {
        const d = Math.hypot(r - 7.5, c - 7.5);
        const on =
          y === 0
            ? d < 6
            : y === 1
              ? Math.abs(c - 7.5) < 2.5
              : y === 2
                ? Math.abs(r - c) < 2 || Math.abs(r + c - 15) < 2
                : d > 4 && d < 7;
        pixels[i * s * s + r * s + c] = on ? 0.85 + 0.15 * rng.uniform() : 0.1 * rng.uniform();
      }
    }
    // Some confident mistakes, some unsure ones, mostly right.
    const wrong = i % 5 === 3;
    const top = wrong ? (y + 1) % 4 : y;
    const conf = wrong ? 0.5 + 0.45 * rng.uniform() : 0.55 + 0.4 * rng.uniform();
    const row = [0, 1, 2, 3].map((j) => (j === top ? conf : (1 - conf) / 3));
    probs.push(row);
    labels.push(i === 7 || i === 21 || i === 33 ? (y + 2) % 4 : y);
  }
  const epochs = 12;
  const curve = (a: number, b: number) =>
    Array.from({ length: epochs }, (_, e) => a * Math.exp(-e / b) + 0.2);
  return {
    pixels,
    shape: [n, s, s, 1],
    labels,
    probs,
    input: {
      classNames: CLASS_NAMES,
      title: 'Synthetic shapes <baseline vs recipe>',
      history: {
        baseline: {
          loss: curve(1.2, 4),
          valLoss: curve(1.1, 5),
          accuracy: curve(-0.5, 4).map((v) => v + 0.8),
          lr: Array(epochs).fill(0.01),
        },
        recipe: {
          loss: curve(1.3, 3),
          valLoss: curve(1.0, 3.5),
          accuracy: curve(-0.6, 3).map((v) => v + 0.75),
        },
      },
      schedules: {
        cosine: { schedule: (t: number) => 0.005 * (1 + Math.cos((Math.PI * t) / epochs)), steps: epochs },
      },
      charts: [
        { title: 'Gradient norm', series: { baseline: curve(3, 6), recipe: curve(2, 6) }, xLabel: 'epoch' },
      ],
      augmentParams: Array.from({ length: n }, (_, i) => ({
        flip: i % 2 === 0,
        cropScale: 0.5 + (i % 5) / 10,
      })),
      limit: 6,
    },
  };
}

const VOID = new Set(['meta', 'img', 'br', 'hr', 'link', 'input']);

/**
 * Throws unless every element is closed in order (void elements excepted, `/>` allowed) and no
 * stray `<` sits in text. Returns the number of elements per tag name.
 */
export function checkWellFormed(html: string): Map<string, number> {
  const body = html.replace(/^<!DOCTYPE html>\s*/i, '');
  const stack: string[] = [];
  const counts = new Map<string, number>();
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    if (between.includes('<') || between.includes('>'))
      throw new Error(`stray < or > before offset ${m.index}: ${between.slice(0, 80)}`);
    last = tag.lastIndex;
    const [, closing, rawName, , selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at offset ${m.index}`);
    } else {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!selfClosing && !VOID.has(name)) stack.push(name);
    }
  }
  const rest = body.slice(last);
  if (rest.includes('<') || rest.includes('>'))
    throw new Error(`stray markup at the end: ${rest.slice(0, 80)}`);
  if (stack.length) throw new Error(`unclosed elements: ${stack.join(', ')}`);
  return counts;
}
