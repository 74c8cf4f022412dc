// Label-issue recovery benchmark: flip 5% of Fashion-MNIST training labels uniformly at random
// to another class, get out-of-sample probabilities by k-fold cross-validation (a small CNN on
// wasm + @tftricks/wasm-train, or the earlier MLP), run findLabelIssues, and report
// precision/recall of the flipped set for every method plus ranking precision.
// Run: cd /work/main/bench && npx tsx label-issues/run.ts [--model cnn|mlp] [--n 60000]
//   [--folds 3] [--epochs 4] [--widths 32,64] [--batch 128] [--lr 0.003] [--augment crop,hflip]
//   [--smoothing 0] [--tta hflip|none] [--max-folds F (probe: train F folds, print held-out
//   accuracy, stop)] [--hidden 256 (mlp)] [--seed 0] [--model-seed S] [--out label-issues]
//   [--probs-from out/a-probs.json[,out/b-probs.json] (re-score / average saved runs)] [--backend wasm]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, setupBackend } from '@tftricks/core';
import {
  FASHION_MNIST_CLASSES,
  type ImageDataset,
  kFold,
  loadFashionMnist,
  subsetDataset,
} from '@tftricks/data';
import {
  crossValPredict,
  evaluate,
  findLabelIssues,
  LABEL_ISSUE_METHODS,
  renderReport,
} from '@tftricks/error-analysis';
import { evaluateModel, type Recipe, train } from '@tftricks/train';
import { wasmTrain } from '@tftricks/wasm-train';
import { arg } from '../cli-args';

const MODEL = arg('model', 'cnn');
const N = Number(arg('n', '60000'));
const FOLDS = Number(arg('folds', '3'));
const EPOCHS = Number(arg('epochs', '4'));
const NOISE = Number(arg('noise', '0.05'));
const SEED = Number(arg('seed', '0'));
const HIDDEN = Number(arg('hidden', '256'));
const WIDTHS = arg('widths', '32,64').split(',').map(Number);
const BATCH = Number(arg('batch', '128'));
const LR = Number(arg('lr', '0.003'));
const AUGMENT = arg('augment', 'crop,hflip')
  .split(',')
  .filter((a) => a && a !== 'none');
const SMOOTHING = Number(arg('smoothing', '0'));
const TTA = arg('tta', 'hflip');
const MAX_FOLDS = Number(arg('max-folds', '0'));
const OUT = arg('out', 'label-issues');
// Re-score saved out-of-sample probabilities (same seed, n and noise) without training again;
// several files (comma-separated, e.g. runs with different --model-seed) are averaged: an
// ensemble whose members share the folds, so the mean stays out-of-sample.
const PROBS_FROM = arg('probs-from', '');
// Seeds the CNN's initialisation, data order and augmentation (default: --seed). The subset,
// noise and folds follow --seed only.
const MODEL_SEED = Number(arg('model-seed', String(SEED)));
if (!['cnn', 'mlp'].includes(MODEL)) throw new Error(`--model cnn|mlp, got ${MODEL}`);
const backend = await setupBackend(arg('backend', 'wasm') as 'wasm' | 'cpu', { wasm: wasmTrain });
const t0 = performance.now();
const load0 = (await import('node:os')).loadavg();

const ds = await loadFashionMnist();
const rng = createRng(SEED);
const K = ds.train.numClasses;
const size = 28 * 28;
// A seeded random subset of the 60k training images (all of them, permuted, for --n 60000).
const pick = rng.permutation(ds.train.labels.length).slice(0, Math.min(N, ds.train.labels.length));
if (pick.length !== N) throw new Error(`--n ${N}: only ${pick.length} training images`);
const x = new Float32Array(N * size);
const u8 = new Uint8Array(N * size);
const trueLabels = new Int32Array(N);
pick.forEach((src, i) => {
  for (let p = 0; p < size; p++) {
    const v = ds.train.pixels[src * size + p]!;
    u8[i * size + p] = v;
    x[i * size + p] = v / 255;
  }
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

function makeMlp(): tfl.Sequential {
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

// The CNN recipe (@tftricks/train's train: seeded init, order and augmentation). No BatchNorm: its
// moving statistics lag in short runs (see bench/distill). A flatten head learns fast.
const recipe: Recipe = {
  name: 'label-issues-cnn',
  model: { type: 'simpleCnn', widths: WIDTHS, convsPerStage: 1, batchNorm: false, pooling: 'flatten' },
  epochs: EPOCHS,
  batchSize: BATCH,
  augment: [
    ...(AUGMENT.includes('crop') ? [{ type: 'randomCrop', size: [28, 28], padding: 2 }] : []),
    ...(AUGMENT.includes('hflip') ? [{ type: 'randomHorizontalFlip', p: 0.5 }] : []),
  ],
  loss: { labelSmoothing: SMOOTHING },
  optimizer: { name: 'adamw', learningRate: LR, weightDecay: 0.05 },
  schedule: { type: 'oneCycle' },
};
// The noisy pool as an ImageDataset (uint8 pixels; makeBatch scales to [0, 1]).
const pool: ImageDataset = {
  pixels: u8,
  labels: noisy,
  imageShape: [28, 28, 1],
  numClasses: K,
  classNames: ds.train.classNames,
};

const folds = kFold(noisy, FOLDS, { stratified: true, rng: rng.fork() });
const foldLog: { fold: number; seconds: number; valAccuracyNoisy: number[]; ttaAccuracyNoisy?: number }[] =
  [];
if (MAX_FOLDS > 0) folds.splice(MAX_FOLDS);
const trainFold = async (trainIdx: number[], f: number) => {
  const tf0 = performance.now();
  if (MODEL === 'mlp') {
    const model = makeMlp();
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
    foldLog.push({ fold: f, seconds: (performance.now() - tf0) / 1000, valAccuracyNoisy: [] });
    return (idx: number[]) => {
      const xv = rows(idx);
      const p = model.predict(xv, { batchSize: 1024 }) as tf.Tensor2D;
      xv.dispose();
      model.dispose();
      return p;
    };
  }
  // Held-out accuracy against the NOISY labels after every epoch: what a user can see and
  // choose a model by (the flipped set is never looked at).
  const heldOut = subsetDataset(pool, folds[f]!.validation);
  const run = await train(
    recipe,
    { train: subsetDataset(pool, trainIdx), test: heldOut },
    {
      seed: MODEL_SEED * 100 + f,
      callbacks: {
        onStep: ({ step, stepsPerEpoch, loss }) => {
          if (step % 100 === 0)
            console.log(
              `fold ${f} step ${step}/${stepsPerEpoch * EPOCHS}: loss ${loss.toFixed(3)}, ${((performance.now() - tf0) / 1000).toFixed(0)} s`,
            );
        },
        onEpoch: ({ epoch, history }) => {
          console.log(
            `fold ${f} epoch ${epoch + 1}/${EPOCHS}: train loss ${history.loss.at(-1)!.toFixed(4)}, held-out acc (noisy labels) ${history.valAccuracy.at(-1)!.toFixed(4)}, ${((performance.now() - tf0) / 1000).toFixed(0)} s`,
          );
        },
      },
    },
  );
  const entry: (typeof foldLog)[number] = {
    fold: f,
    seconds: run.seconds,
    valAccuracyNoisy: run.history.valAccuracy,
  };
  foldLog.push(entry);
  console.log(
    `fold ${f}: trained on ${trainIdx.length}, ${run.steps} steps in ${run.seconds.toFixed(1)} s (${((1000 * run.seconds) / run.steps).toFixed(0)} ms/step incl. eval)`,
  );
  return (idx: number[]) => {
    const held = subsetDataset(pool, idx);
    // Test-time augmentation: mean of the probabilities of the image and its mirror.
    const scored = evaluateModel(
      run.model,
      held,
      K,
      TTA === 'hflip' ? { tta: { transforms: ['identity', 'hflip'] } } : {},
    );
    const out = scored.probs;
    if (TTA === 'hflip') {
      entry.ttaAccuracyNoisy = scored.accuracy;
      console.log(
        `fold ${f}: held-out acc (noisy labels) with hflip TTA ${entry.ttaAccuracyNoisy.toFixed(4)}`,
      );
    }
    run.model.dispose();
    return { data: out, shape: [idx.length, K] as [number, number] };
  };
};
if (MAX_FOLDS > 0) {
  // Probe: train the first folds only and report their held-out accuracy (model selection).
  for (const [f, fold] of folds.entries()) {
    const predict = await trainFold(Array.from(fold.train), f);
    predict(Array.from(fold.validation));
  }
  console.log(
    JSON.stringify({
      probe: true,
      MODEL,
      N,
      FOLDS,
      EPOCHS,
      WIDTHS,
      BATCH,
      LR,
      AUGMENT,
      SMOOTHING,
      TTA,
      foldLog,
    }),
  );
  process.exit(0);
}
const outDir = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
let probs: tf.Tensor2D;
if (PROBS_FROM) {
  const files = PROBS_FROM.split(',');
  const mean = new Float32Array(N * K);
  for (const file of files) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { n: number; probs: number[]; labels: number[] };
    if (saved.n !== N || saved.labels.some((l, i) => l !== noisy[i]))
      throw new Error(`${file}: not the same n / noisy labels (use the run's --n, --seed, --noise)`);
    saved.probs.forEach((p, i) => {
      mean[i]! += p / files.length;
    });
  }
  probs = tf.tensor2d(mean, [N, K]);
  writeFileSync(
    `${outDir}${OUT}-probs.json`,
    JSON.stringify({
      n: N,
      k: K,
      probs: Array.from(mean, (v) => Number(v.toPrecision(9))),
      labels: Array.from(noisy),
      flipped: [...flipped],
    }),
  );
} else {
  probs = await crossValPredict(N, folds, trainFold);
  // Save the expensive part first. Consumed by check_cleanlab.py and --probs-from.
  writeFileSync(
    `${outDir}${OUT}-probs.json`,
    JSON.stringify({
      n: N,
      k: K,
      probs: Array.from(await probs.data(), (v) => Number(v.toPrecision(9))),
      labels: Array.from(noisy),
      flipped: [...flipped],
    }),
  );
}
const trainSeconds = (performance.now() - t0) / 1000;
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
// Ranking quality: precision among the top m issues of the default method (m = |flipped| is
// also recall at m), ranked by self-confidence and by normalized margin.
const { indices: ranked, issues, confidentJoint } = await findLabelIssues(probs, noisy);
const { indices: rankedMargin } = await findLabelIssues(probs, noisy, { rankBy: 'normalized_margin' });
const precisionAtIn = (list: number[], m: number) =>
  list.slice(0, m).filter((i) => flipped.has(i)).length / Math.max(1, Math.min(m, list.length));
const precisionAt = (m: number) => precisionAtIn(ranked, m);
const precisionAtNoise = precisionAt(flipped.size);
const precisionAtNoiseMargin = precisionAtIn(rankedMargin, flipped.size);
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
// The report a user would look at: worst mistakes and suspected issues with their images.
const report = await renderReport(
  {
    title: `Fashion-MNIST, ${N} images, ${flipped.size} labels flipped: out-of-sample ${MODEL === 'cnn' ? 'CNN' : 'MLP'} predictions`,
    probs,
    labels: noisy,
    images: { data: x, shape: [N, 28, 28, 1] },
    classNames: ds.train.classNames ?? FASHION_MNIST_CLASSES.slice(),
    limit: 30,
  },
  fileURLToPath(new URL('../out', import.meta.url)),
  { name: `${OUT}-report` },
);
console.log(`report: ${report.files!.html}`);
probs.dispose();

const seconds = (performance.now() - t0) / 1000;
const load1 = (await import('node:os')).loadavg();
// With --probs-from no model is trained here: the training flags do not apply.
const modelText = PROBS_FROM
  ? `probabilities: mean of ${PROBS_FROM}`
  : MODEL === 'cnn'
    ? `simpleCnn [${WIDTHS}] flatten head, batch ${BATCH}, adamw ${LR} one-cycle, augment ${AUGMENT.join('+') || 'none'}, smoothing ${SMOOTHING}, TTA ${TTA}`
    : `MLP 784-${HIDDEN}-${HIDDEN / 2}-${K}`;
console.log(
  `\nbackend ${backend}, N=${N}, ${PROBS_FROM ? '' : `folds=${FOLDS}, epochs=${EPOCHS}, `}${modelText}, flipped ${flipped.size} (${(NOISE * 100).toFixed(1)}%), seed ${SEED}, ${seconds.toFixed(0)} s (training+prediction ${trainSeconds.toFixed(0)} s), load average at start ${load0.map((v) => v.toFixed(2)).join(' ')}, at end ${load1.map((v) => v.toFixed(2)).join(' ')}`,
);
for (const f of foldLog)
  console.log(
    `fold ${f.fold}: ${f.seconds.toFixed(0)} s, held-out acc (noisy labels) by epoch ${f.valAccuracyNoisy.map((a) => a.toFixed(4)).join(' ')}${f.ttaAccuracyNoisy !== undefined ? `, with TTA ${f.ttaAccuracyNoisy.toFixed(4)}` : ''}`,
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
    .join(' / ')}; by normalized margin at ${flipped.size}: ${precisionAtNoiseMargin.toFixed(3)}`,
);
const fpTop = [...fpPairs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
console.log(
  `false positives (unflipped, flagged) by given → predicted: ${fpTop.map(([k, v]) => `${k} ${v}`).join(', ')}`,
);
writeFileSync(
  `${outDir}${OUT}.json`,
  JSON.stringify(
    {
      backend,
      MODEL,
      modelText,
      N,
      FOLDS,
      EPOCHS,
      NOISE,
      SEED,
      HIDDEN,
      seconds,
      trainSeconds,
      load0,
      load1,
      foldLog,
      accuracyNoisy: vsNoisy.accuracy,
      accuracyTrue: vsTrue.accuracy,
      results,
      precisionAtNoise,
      precisionAtNoiseMargin,
      precisionAtCutoffs: Object.fromEntries(cutoffs.map((m) => [m, precisionAt(m)])),
      estimatedNoise,
      fpTop,
    },
    null,
    2,
  ),
);
// For check_cleanlab.py: the flagged sets of every method, next to the saved probabilities.
writeFileSync(`${outDir}${OUT}-flagged.json`, JSON.stringify({ probs: `${OUT}-probs.json`, flaggedBy }));
