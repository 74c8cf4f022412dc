// E1 (issue #12): the per-seed and per-epoch tables of docs/benchmarks/e1-full-data.md, from the
// demo's summary.json files of the runs (bench/out/e1/seed<S>-<arm>/summary.json).
//
//   cd /work/main/bench && npx tsx e1-full-data/summarize.ts [bench/out/e1]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Run {
  name: string;
  testAccuracy: number;
  testNll: number;
  params: number;
  seconds: number;
  steps: number;
  history: { valAccuracy: number[]; accuracy: number[]; loss: number[] };
}
const dir = process.argv[2] ?? fileURLToPath(new URL('../out/e1', import.meta.url));
const bySeed = new Map<number, Record<string, Run & { backend: string }>>();
for (const sub of readdirSync(dir).sort()) {
  const m = /^seed(\d+)-(\w+)$/.exec(sub);
  const file = join(dir, sub, 'summary.json');
  if (!m || !existsSync(file)) continue;
  const s = JSON.parse(readFileSync(file, 'utf8')) as { backend: string; runs: Run[] };
  const seed = Number(m[1]);
  bySeed.set(seed, { ...(bySeed.get(seed) ?? {}), [m[2]!]: { ...s.runs[0]!, backend: s.backend } });
}
const pct = (x: number) => (100 * x).toFixed(2);
const min = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
console.log(
  '| seed | baseline acc | recipe acc | Δ (pt) | baseline NLL | recipe NLL | baseline wall | recipe wall | backend |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const deltas: number[] = [];
const accs: Record<string, number[]> = { baseline: [], recipe: [] };
for (const [seed, r] of [...bySeed].sort((a, b) => a[0] - b[0])) {
  const b = r.baseline;
  const c = r.recipe;
  if (b) accs.baseline!.push(b.testAccuracy);
  if (c) accs.recipe!.push(c.testAccuracy);
  const d = b && c ? 100 * (c.testAccuracy - b.testAccuracy) : Number.NaN;
  if (b && c) deltas.push(d);
  console.log(
    `| ${seed} | ${b ? pct(b.testAccuracy) : '–'} | ${c ? pct(c.testAccuracy) : '–'} | ${Number.isNaN(d) ? '–' : (d >= 0 ? '+' : '') + d.toFixed(2)} | ${b ? b.testNll.toFixed(4) : '–'} | ${c ? c.testNll.toFixed(4) : '–'} | ${b ? min(b.seconds) : '–'} | ${c ? min(c.seconds) : '–'} | ${(b ?? c)!.backend} |`,
  );
}
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
if (deltas.length)
  console.log(
    `| mean | ${pct(mean(accs.baseline!))} | ${pct(mean(accs.recipe!))} | ${(mean(deltas) >= 0 ? '+' : '') + mean(deltas).toFixed(2)} | | | | | |`,
  );
console.log('\nPer-epoch test accuracy (%) and training loss:\n');
const epochs = Math.max(
  ...[...bySeed.values()].flatMap((r) => Object.values(r).map((x) => x.history.valAccuracy.length)),
);
const epochCols = Array.from({ length: epochs }, (_, e) => `epoch ${e + 1}`);
console.log(`| seed | arm | ${epochCols.join(' | ')} | params | steps |`);
console.log(`|---|---|${epochCols.map(() => '---|').join('')}---|---|`);
for (const [seed, r] of [...bySeed].sort((a, b) => a[0] - b[0])) {
  for (const arm of ['baseline', 'recipe']) {
    const x = r[arm];
    if (!x) continue;
    console.log(
      `| ${seed} | ${arm} | ${x.history.valAccuracy.map((a, i) => `${pct(a)} (${x.history.loss[i]!.toFixed(3)})`).join(' | ')} | ${x.params} | ${x.steps} |`,
    );
  }
}
