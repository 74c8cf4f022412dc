// Label-issue recovery benchmark: flip 5% of Fashion-MNIST training labels uniformly at random
// to another class, get out-of-sample probabilities from a small MLP by k-fold
// cross-validation, run findLabelIssues, and report precision/recall of the flipped set.
// Run: cd /work/main/bench && npx tsx label-issues/run.ts [--n 20000] [--folds 4] [--epochs 12] [--backend wasm]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, setupBackend } from '@tftricks/core';
import { FASHION_MNIST_CLASSES, kFold, loadFashionMnist } from '@tftricks/data';
import {
  crossValPredict,
  evaluate,
  findLabelIssues,
  LABEL_ISSUE_METHODS,
  renderReport,
} from '@tftricks/error-analysis';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const N = Number(arg('n', '20000'));
const FOLDS = Number(arg('folds', '4'));
const EPOCHS = Number(arg('epochs', '12'));
const NOISE = Number(arg('noise', '0.05'));
const SEED = Number(arg('seed', '0'));
const HIDDEN = Number(arg('hidden', '256'));
const backend = await setupBackend(arg('backend', 'wasm') as 'wasm' | 'cpu');
const t0 = performance.now();

const ds = await loadFashionMnist();
const rng = createRng(SEED);
const K = ds.train.numClasses;
const size = 28 * 28;
// A seeded random subset of the 60k training images.
const pick = rng.permutation(ds.train.labels.length).slice(0, N);
const x = new Float32Array(N * size);
const trueLabels = new Int32Array(N);
pick.forEach((src, i) => {
  for (let p = 0; p < size; p++) x[i * size + p] = ds.train.pixels[src * size + p]! / 255;
  trueLabels[i] = ds.train.labels[src]!;
});

// Noise: exactly round(NOISE·N) samples, chosen uniformly without replacement; each gets a
// label drawn uniformly from the 9 other classes (symmetric, class-independent flips).
const noisy = Int32Array.from(trueLabels);
const flipped = new Set<number>(rng.permutation(N).slice(0, Math.round(NOISE * N)));
for (const i of flipped) {
  const shift = rng.int(1, K); // 1…K-1
  noisy[i] = (trueLabels[i]! + shift) % K;
}

function makeModel(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [size], units: HIDDEN, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: HIDDEN / 2, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: K, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

function rows(indices: number[]): tf.Tensor2D {
  const out = new Float32Array(indices.length * size);
  indices.forEach((i, r) => {
    out.set(x.subarray(i * size, (i + 1) * size), r * size);
  });
  return tf.tensor2d(out, [indices.length, size]);
}

const folds = kFold(noisy, FOLDS, { stratified: true, rng: rng.fork() });
const probs = await crossValPredict(N, folds, async (trainIdx, f) => {
  const tf0 = performance.now();
  const model = makeModel();
  const xs = rows(trainIdx);
  const ys = tf.tensor1d(
    trainIdx.map((i) => noisy[i]!),
    'float32',
  );
  // Shuffling inside fit uses Math.random (tfjs-layers); the subset, noise and folds are seeded.
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: 128, shuffle: true, verbose: 0 });
  xs.dispose();
  ys.dispose();
  console.log(
    `fold ${f}: trained on ${trainIdx.length} in ${((performance.now() - tf0) / 1000).toFixed(1)} s`,
  );
  return (idx) => {
    const xv = rows(idx);
    const p = model.predict(xv, { batchSize: 1024 }) as tf.Tensor2D;
    xv.dispose();
    model.dispose();
    return p;
  };
});

const vsNoisy = await evaluate(probs, noisy);
const vsTrue = await evaluate(probs, trueLabels);
const results: {
  method: string;
  flagged: number;
  tp: number;
  precision: number;
  recall: number;
  f1: number;
}[] = [];
const flaggedBy: Record<string, number[]> = {};
for (const method of LABEL_ISSUE_METHODS) {
  const { indices } = await findLabelIssues(probs, noisy, { method });
  flaggedBy[method] = [...indices].sort((a, b) => a - b);
  const tp = indices.filter((i) => flipped.has(i)).length;
  const precision = indices.length > 0 ? tp / indices.length : 0;
  const recall = tp / flipped.size;
  results.push({
    method,
    flagged: indices.length,
    tp,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall || 1),
  });
}
// Ranking quality: precision among the top |flipped| issues of the default method.
const { indices: ranked, issues, confidentJoint } = await findLabelIssues(probs, noisy);
const precisionAt = (m: number) =>
  ranked.slice(0, m).filter((i) => flipped.has(i)).length / Math.max(1, Math.min(m, ranked.length));
const precisionAtNoise = precisionAt(flipped.size);
const cutoffs = [
  ...new Set([flipped.size / 2, flipped.size, flipped.size * 1.5, flipped.size * 2].map(Math.round)),
];
// False positives are samples whose given label is right but the model disagrees with it:
// which (given → predicted) pairs are they?
const fpPairs = new Map<string, number>();
for (const r of issues) {
  if (flipped.has(r.index)) continue;
  const key = `${ds.train.classNames?.[r.label] ?? r.label} → ${ds.train.classNames?.[r.predicted] ?? r.predicted}`;
  fpPairs.set(key, (fpPairs.get(key) ?? 0) + 1);
}
const estimatedNoise = 1 - confidentJoint.reduce((s, row, j) => s + row[j]!, 0) / N;
const probsData = Array.from(await probs.data());
// The report a user would look at: worst mistakes and suspected issues with their images.
const report = await renderReport(
  {
    title: `Fashion-MNIST, ${N} images, ${flipped.size} labels flipped: out-of-sample MLP predictions`,
    probs,
    labels: noisy,
    images: { data: x, shape: [N, 28, 28, 1] },
    classNames: ds.train.classNames ?? FASHION_MNIST_CLASSES.slice(),
    limit: 30,
  },
  fileURLToPath(new URL('../out', import.meta.url)),
  { name: 'label-issues-report' },
);
console.log(`report: ${report.files!.html}`);
probs.dispose();

const seconds = (performance.now() - t0) / 1000;
console.log(
  `\nbackend ${backend}, N=${N}, folds=${FOLDS}, epochs=${EPOCHS}, MLP 784-${HIDDEN}-${HIDDEN / 2}-${K}, flipped ${flipped.size} (${(NOISE * 100).toFixed(1)}%), seed ${SEED}, ${seconds.toFixed(0)} s`,
);
console.log(
  `out-of-sample accuracy vs given (noisy) labels ${vsNoisy.accuracy.toFixed(4)}, vs true labels ${vsTrue.accuracy.toFixed(4)}`,
);
console.log('\n| method | flagged | true flips found | precision | recall | F1 |\n|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| \`${r.method}\` | ${r.flagged} | ${r.tp} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} | ${r.f1.toFixed(3)} |`,
  );
}
console.log(
  `\nconfident-joint noise estimate ${(estimatedNoise * 100).toFixed(1)}% (true ${(NOISE * 100).toFixed(1)}%)`,
);
console.log(
  `ranking (prune_by_noise_rate, self-confidence): precision of the top ${cutoffs.join(' / ')} = ${cutoffs
    .map((m) => precisionAt(m).toFixed(3))
    .join(' / ')}`,
);
const fpTop = [...fpPairs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
console.log(
  `false positives (unflipped, flagged) by given → predicted: ${fpTop.map(([k, v]) => `${k} ${v}`).join(', ')}`,
);
mkdirSync(new URL('../out', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../out/label-issues.json', import.meta.url),
  JSON.stringify(
    {
      backend,
      N,
      FOLDS,
      EPOCHS,
      NOISE,
      SEED,
      HIDDEN,
      seconds,
      accuracyNoisy: vsNoisy.accuracy,
      accuracyTrue: vsTrue.accuracy,
      results,
      precisionAtNoise,
      estimatedNoise,
    },
    null,
    2,
  ),
);
// For check_cleanlab.py: the probabilities, labels and flagged sets, to re-run the numpy
// reimplementation of cleanlab's formulas on exactly these numbers.
writeFileSync(
  new URL('../out/label-issues-probs.json', import.meta.url),
  JSON.stringify({
    n: N,
    k: K,
    probs: probsData,
    labels: Array.from(noisy),
    flipped: [...flipped],
    flaggedBy,
  }),
);
