// Test-time augmentation on Fashion-MNIST (embedded 10k/2k subset): train a small CNN quickly
// (random horizontal flips during training), then compare held-out accuracy and inference time
// of plain prediction against tta() with several view sets and merges.
//
// Run: cd /work/main/bench && nohup npx tsx tta/run.ts [--n 4000] [--epochs 6] [--repeats 3]
//        [--train-aug flip|crop-flip] [--crop 24] > out/tta.log &
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type Augmentation,
  augment,
  compose,
  fiveCrop,
  randomCrop,
  randomHorizontalFlip,
  type TtaMerge,
  type TtaTransform,
  tta,
  ttaScale,
} from '@tftricks/augment';
import { createRng, type Images, oneHot, setupBackend } from '@tftricks/core';
import { loadFashionMnist } from '@tftricks/data';
import { wasmTrain } from '@tftricks/wasm-train';
import { arg } from '../cli-args';

const N = Number(arg('n', '4000'));
const EPOCHS = Number(arg('epochs', '6'));
const REPEATS = Number(arg('repeats', '3'));
// 'flip' (default) or 'crop-flip' (random 28×28 crops of the 2-pixel zero-padded image, then flips).
const TRAIN_AUG = arg('train-aug', 'flip');
const CROP = Number(arg('crop', '24'));

const backend = await setupBackend('wasm', { wasm: wasmTrain });
const ds = await loadFashionMnist({ subset: true });
const rng = createRng(0);
const K = ds.train.numClasses;
const size = 28 * 28;
const pick = rng.permutation(ds.train.labels.length).slice(0, N);
const xs = new Float32Array(N * size);
pick.forEach((src, i) => {
  for (let p = 0; p < size; p++) xs[i * size + p] = ds.train.pixels[src * size + p]! / 255;
});
const x = tf.tensor4d(xs, [N, 28, 28, 1]) as Images;
const y = oneHot(
  pick.map((src) => ds.train.labels[src]!),
  K,
);
const nTest = ds.test.labels.length;
const testX = tf.tensor4d(
  Float32Array.from(ds.test.pixels, (v) => v / 255),
  [nTest, 28, 28, 1],
) as Images;
const testY = Array.from(ds.test.labels);

const model = tfl.sequential();
model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }));
model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
model.add(tfl.layers.flatten());
model.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
model.add(tfl.layers.dense({ units: K, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(2e-3), loss: 'categoricalCrossentropy' });
const flip: Augmentation<unknown> =
  TRAIN_AUG === 'crop-flip'
    ? compose([randomCrop({ size: 28, padding: 2 }), randomHorizontalFlip()])
    : randomHorizontalFlip();
const t0 = performance.now();
for (let e = 0; e < EPOCHS; e++) {
  const { batch } = augment(flip, { images: x, targets: y }, rng);
  await model.fit(batch.images, batch.targets, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0 });
  tf.dispose([batch.images, batch.targets]);
}
console.log(
  `backend ${backend}; train augmentation ${TRAIN_AUG}; trained on ${N} images for ${EPOCHS} epochs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const predict = (images: Images) => model.predict(images, { batchSize: 1024 }) as tf.Tensor2D;
function accuracy(probs: tf.Tensor2D): number {
  const pred = tf.argMax(probs, 1);
  const p = pred.dataSync();
  pred.dispose();
  return testY.filter((l, i) => p[i] === l).length / nTest;
}
/** Median wall time of `REPEATS` runs and the accuracy of the last. */
function timed(run: () => tf.Tensor2D): { ms: number; acc: number } {
  const times: number[] = [];
  let acc = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    const probs = run();
    probs.dataSync();
    times.push(performance.now() - t);
    acc = accuracy(probs);
    probs.dispose();
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1]!, acc };
}

const plain = timed(() => predict(testX));
console.log(`| views | merge | K | test accuracy | Δ vs plain | time (ms) | cost × |`);
console.log(`|---|---|---|---|---|---|---|`);
console.log(`| plain | – | 1 | ${plain.acc.toFixed(4)} | – | ${plain.ms.toFixed(0)} | 1.00 |`);
const sets: [string, TtaTransform[], TtaMerge][] = [
  ['identity + hflip', ['identity', 'hflip'], 'mean'],
  ['identity + hflip', ['identity', 'hflip'], 'gmean'],
  ['identity + hflip', ['identity', 'hflip'], 'max'],
  [`identity + five crops ${CROP}×${CROP}`, ['identity', ...fiveCrop(CROP)], 'mean'],
  ['identity + hflip + scales 0.9, 1.1', ['identity', 'hflip', ttaScale(0.9), ttaScale(1.1)], 'mean'],
  ['identity + vflip', ['identity', 'vflip'], 'mean'],
];
for (const [name, transforms, merge] of sets) {
  const r = timed(() => tta(predict, testX, { transforms, merge, batchSize: 2048 }));
  console.log(
    `| ${name} | ${merge} | ${transforms.length} | ${r.acc.toFixed(4)} | ${(r.acc - plain.acc >= 0 ? '+' : '') + (r.acc - plain.acc).toFixed(4)} | ${r.ms.toFixed(0)} | ${(r.ms / plain.ms).toFixed(2)} |`,
  );
}
