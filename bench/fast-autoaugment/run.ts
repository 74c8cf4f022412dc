// Fast AutoAugment on Fashion-MNIST (embedded 10k/2k subset): search a policy with
// fastAutoAugment (K folds, a small CNN trained per fold on D_M without augmentation, TPE over
// sub-policies scored on augmented D_A), then train the same CNN on the whole training split
// without augmentation and with the searched policy, and compare held-out test accuracy.
//
// Run: cd /work/main/bench && nohup npx tsx fast-autoaugment/run.ts [--n 4000] [--folds 2]
//        [--trials 40] [--search-epochs 4] [--epochs 10] [--seeds 2] [--budget-min 6] > out/fast-aa.log &
// --policy out/fast-autoaugment-policy.json skips the search and reuses a saved policy.
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { augment, autoAugment, type CustomPolicy } from '@tftricks/augment';
import { fastAutoAugment } from '@tftricks/augment/search';
import { createRng, type Images, oneHot, setupBackend } from '@tftricks/core';
import { kFold, loadFashionMnist } from '@tftricks/data';
import { wasmTrain } from '@tftricks/wasm-train';
import { arg } from '../cli-args';

const N = Number(arg('n', '4000'));
const FOLDS = Number(arg('folds', '2'));
const TRIALS = Number(arg('trials', '40'));
const SEARCH_EPOCHS = Number(arg('search-epochs', '4'));
const EPOCHS = Number(arg('epochs', '10'));
const SEEDS = Number(arg('seeds', '2'));
const BUDGET_MIN = Number(arg('budget-min', '6'));
const POLICY_FILE = arg('policy', '');

const backend = await setupBackend('wasm', { wasm: wasmTrain });
const t0 = performance.now();
const ds = await loadFashionMnist({ subset: true });
const rng = createRng(0);
const K = ds.train.numClasses;
const size = 28 * 28;
const pick = rng.permutation(ds.train.labels.length).slice(0, N);
const trainX = new Float32Array(N * size);
const trainY = pick.map((src) => ds.train.labels[src]!);
pick.forEach((src, i) => {
  for (let p = 0; p < size; p++) trainX[i * size + p] = ds.train.pixels[src * size + p]! / 255;
});
const nTest = ds.test.labels.length;
const testX = tf.tensor4d(
  Float32Array.from(ds.test.pixels, (v) => v / 255),
  [nTest, 28, 28, 1],
) as Images;
const testY = Array.from(ds.test.labels);
const allX = tf.tensor4d(trainX, [N, 28, 28, 1]) as Images;
console.log(`backend ${backend}; ${N} train / ${nTest} test images (source ${ds.source})`);

function makeModel(seed: number): tfl.Sequential {
  const init = (s: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + s });
  const m = tfl.sequential();
  m.add(
    tfl.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 16,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(1),
    }),
  );
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }));
  m.add(tfl.layers.dense({ units: K, activation: 'softmax', kernelInitializer: init(4) }));
  m.compile({ optimizer: tf.train.adam(2e-3), loss: 'categoricalCrossentropy' });
  return m;
}

/** Trains for `epochs`; with a policy, every epoch sees a freshly augmented copy of the data. */
async function train(x: Images, y: tf.Tensor2D, epochs: number, seed: number, policy?: CustomPolicy) {
  const model = makeModel(seed);
  const aug = policy ? autoAugment({ policy }) : null;
  const augRng = createRng(1000 + seed);
  for (let e = 0; e < epochs; e++) {
    const xe = aug ? augment(aug, { images: x, targets: y }, augRng).batch : null;
    // Shuffling inside fit uses Math.random (tfjs-layers); data, folds and policies are seeded.
    await model.fit(xe ? xe.images : x, y, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0 });
    if (xe) tf.dispose([xe.images, xe.targets]);
  }
  return model;
}

function accuracy(model: tfl.Sequential, x: Images, labels: number[]): number {
  const pred = tf.tidy(() => tf.argMax(model.predict(x, { batchSize: 500 }) as tf.Tensor2D, 1));
  const p = pred.dataSync();
  pred.dispose();
  return labels.filter((l, i) => p[i] === l).length / labels.length;
}

// 1. Search (or a saved policy).
let policy: CustomPolicy;
let searchS = 0;
let trainMs = 0;
if (POLICY_FILE) {
  policy = JSON.parse(readFileSync(POLICY_FILE, 'utf8')).policy as CustomPolicy;
  console.log(`policy from ${POLICY_FILE}: ${policy.subPolicies.length} sub-policies`);
} else {
  const folds = kFold(trainY, FOLDS, { stratified: true, rng: rng.fork() });
  const tSearch = performance.now();
  const result = await fastAutoAugment({
    images: allX,
    labels: trainY,
    numClasses: K,
    folds,
    train: async (batch, fold) => {
      const t = performance.now();
      const model = await train(batch.images, batch.targets, SEARCH_EPOCHS, 100 + fold);
      console.log(
        `fold ${fold}: model trained on ${batch.images.shape[0]} images in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      return (x) => model.predict(x, { batchSize: 500 }) as tf.Tensor2D;
    },
    trials: TRIALS,
    topN: 5,
    subPolicies: 5,
    timeBudgetMs: BUDGET_MIN * 60_000,
    rng: rng.fork(),
    onProgress: (p) => {
      if (p.trial % 10 === 9 || p.trial === 0)
        console.log(
          `fold ${p.fold} trial ${p.trial + 1}/${p.trialsPerFold}: loss ${p.loss.toFixed(4)} acc ${p.accuracy.toFixed(4)} best ${p.bestLoss.toFixed(4)} (${(p.elapsedMs / 1000).toFixed(0)} s)`,
        );
    },
  });
  const searchSeconds = (performance.now() - tSearch) / 1000;
  result.folds.forEach((f, k) => {
    const best = Math.min(...f.trials.map((t) => t.loss));
    console.log(
      `fold ${k}: clean D_A loss ${f.baselineLoss.toFixed(4)} acc ${f.baselineAccuracy.toFixed(4)}; ${f.trials.length} trials, best augmented loss ${best.toFixed(4)}`,
    );
  });
  console.log(
    `search: ${searchSeconds.toFixed(1)} s (training ${(result.trainMs / 1000).toFixed(1)} s, TPE + evaluation ${(searchSeconds - result.trainMs / 1000).toFixed(1)} s), stopped by budget: ${result.stoppedByBudget}`,
  );
  console.log(`policy: ${result.policy.subPolicies.length} sub-policies`);
  policy = result.policy;
  searchS = searchSeconds;
  trainMs = result.trainMs;
}

// 2. Baseline vs searched policy, same seeds, held-out test split.
const y = oneHot(trainY, K);
const rows: { seed: number; baseline: number; policy: number }[] = [];
for (let s = 0; s < SEEDS; s++) {
  const base = await train(allX, y, EPOCHS, s);
  const withPolicy = await train(allX, y, EPOCHS, s, policy);
  const r = { seed: s, baseline: accuracy(base, testX, testY), policy: accuracy(withPolicy, testX, testY) };
  rows.push(r);
  console.log(
    `seed ${s}: test accuracy baseline ${r.baseline.toFixed(4)}, Fast AutoAugment policy ${r.policy.toFixed(4)}`,
  );
  base.dispose();
  withPolicy.dispose();
}
const mean = (k: 'baseline' | 'policy') => rows.reduce((a, r) => a + r[k], 0) / rows.length;
console.log(
  `mean test accuracy: baseline ${mean('baseline').toFixed(4)}, policy ${mean('policy').toFixed(4)} (Δ ${(mean('policy') - mean('baseline')).toFixed(4)})`,
);
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
mkdirSync('out', { recursive: true });
writeFileSync(
  POLICY_FILE ? `out/fast-autoaugment-rerun-e${EPOCHS}.json` : 'out/fast-autoaugment-policy.json',
  JSON.stringify({ policy, rows, searchS, trainMs }, null, 1),
);
