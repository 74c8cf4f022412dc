// Chooses the browser-webgpu project's test files by kernel coverage: the fewest seconds of
// tests that still run every tfjs kernel the full node-webgpu suite runs (greedy set cover,
// new kernels per second), among files that can run in a browser. WebGPU in headless Chromium
// runs on SwiftShader ~5× slower than in Node (its synchronous reads go through a canvas), so
// the whole suite would add ~40 minutes to CI; the subset runs every kernel, and a file of every
// package, in a few.
//
//   TFTRICKS_KERNEL_COVERAGE=/tmp/kcov pnpm exec vitest run --project node-webgpu \
//     --reporter=json --outputFile.json=/tmp/webgpu.json
//   node scripts/webgpu-subset.mjs /tmp/kcov /tmp/webgpu.json [BUDGET_S]   # → test/webgpu-browser-subset.json
//
// BUDGET_S (default 25): the most node-webgpu seconds the subset may take; kernels that only
// dearer files run are listed as left out (node-webgpu still runs them all).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const [coverageDir, timingFile, budgetArg] = process.argv.slice(2);
const budget = Number(budgetArg ?? 25);
if (!coverageDir || !timingFile) throw new Error('usage: webgpu-subset.mjs COVERAGE_DIR VITEST_JSON');

const seconds = new Map();
for (const f of JSON.parse(readFileSync(timingFile, 'utf8')).testResults)
  seconds.set(relative(root, f.name), (f.endTime - f.startTime) / 1000);

const browserOk = (f) =>
  !/\.(node|cpu-only)\.test\.ts$/.test(f) && !f.endsWith('backend-webgl.browser.test.ts');
const files = [];
const all = new Set();
for (const name of readdirSync(coverageDir)) {
  const { file, kernels } = JSON.parse(readFileSync(join(coverageDir, name), 'utf8'));
  const rel = relative(root, file);
  for (const k of kernels) all.add(k);
  if (browserOk(rel)) files.push({ file: rel, kernels: new Set(kernels), seconds: seconds.get(rel) ?? 1 });
}
const reachable = new Set(files.flatMap((f) => [...f.kernels]));
const missing = new Set(reachable);
const chosen = [];
let spent = 0;
while (missing.size > 0) {
  let best = null;
  let bestScore = 0;
  for (const f of files) {
    if (chosen.includes(f)) continue;
    const gain = [...f.kernels].filter((k) => missing.has(k)).length;
    // A setup of ~1 s per file is added to each file's own time.
    const score = gain / (f.seconds + 1);
    if (gain > 0 && score > bestScore && spent + f.seconds <= budget) {
      best = f;
      bestScore = score;
    }
  }
  if (!best) break;
  chosen.push(best);
  spent += best.seconds;
  for (const k of best.kernels) missing.delete(k);
}
// Then each package's cheapest file that runs kernels, so every package runs in the browser too.
const pkgOf = (f) => f.file.split('/')[1];
for (const pkg of new Set(files.map(pkgOf))) {
  if (chosen.some((f) => pkgOf(f) === pkg)) continue;
  const cheapest = files
    .filter((f) => pkgOf(f) === pkg && f.kernels.size > 0)
    .sort((x, y) => x.seconds - y.seconds)[0];
  if (cheapest) {
    chosen.push(cheapest);
    spent += cheapest.seconds;
  }
}
chosen.sort((a, b) => a.file.localeCompare(b.file));
const nodeOnly = [...all].filter((k) => !reachable.has(k)).sort();
const out = {
  '//': 'Written by scripts/webgpu-subset.mjs: the browser-webgpu files, chosen to run every kernel once.',
  kernels: reachable.size,
  kernelsOnlyInNodeTests: nodeOnly,
  budgetSeconds: budget,
  kernelsLeftOut: [...missing].sort(),
  nodeSeconds: Number(chosen.reduce((s, f) => s + f.seconds, 0).toFixed(1)),
  files: chosen.map((f) => f.file),
};
writeFileSync(join(root, 'test/webgpu-browser-subset.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(
  `${chosen.length} of ${files.length} files, ${reachable.size - missing.size} of ${reachable.size} kernels, ${out.nodeSeconds} s in node-webgpu`,
);
if (missing.size) console.log(`left out (over the budget): ${[...missing].sort().join(', ')}`);
if (nodeOnly.length) console.log(`kernels only Node-only tests run: ${nodeOnly.join(', ')}`);
