// E1 (issue #21): does `--resume` continue a wasm run as it would have gone on? The E1 recipe
// (its model, augmentation, EMA and schedule) on the first --images training images for 2
// epochs, on wasm + wasm-train: once straight through, once aborted after --stop-at steps (as
// SIGINT does in run.ts), its checkpoint written to JSON and read back, then resumed. Prints both
// loss / validation trajectories and their largest relative difference, and whether the final
// weights are bit-identical. (On cpu, resume is bit-exact by test: packages/train's
// train.cpu-only.test.ts.)
//
//   cd bench && npx tsx e1-full-data/resume-check.ts [--arm recipe] [--images 2048] [--stop-at 11] [--threads 1]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, setupBackend } from '@tftricks/core';
import { subsetDataset } from '@tftricks/data';
import { type Checkpoint, type RunResult, type TrainData, train } from '@tftricks/train';
import { loadRecipe, loadTrainData } from '@tftricks/train/node';
import { wasmTrain } from '@tftricks/wasm-train';
import { arg } from '../cli-args';

const armName = arg('arm', 'recipe');
const images = Number(arg('images', '2048'));
const stopAt = Number(arg('stop-at', '11'));
const threads = Number(arg('threads', '1'));
const recipe = await loadRecipe(
  fileURLToPath(new URL(`../../apps/demo/recipes/e1-${armName}.yaml`, import.meta.url)),
);
recipe.epochs = 2;
await setupBackend('wasm', { wasm: wasmTrain, threads });
console.log(
  `resume check: e1-${armName}, ${images} images × 2 epochs, stop after ${stopAt} steps; ${backendInfo().summary}`,
);

const full = await loadTrainData({ full: true, valSplit: 5000 / 60000, seed: 0 });
const first = (n: number) => Array.from({ length: n }, (_, i) => i);
// The first `images` training images; the first 1,000 of the validation split.
const data: TrainData = {
  train: subsetDataset(full.train, first(images)),
  test: subsetDataset(full.test, first(1000)),
};

const bits = (r: RunResult) => {
  const w = r.model.getWeights().map((t) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
  r.model.dispose();
  return w;
};
const straight = await train(recipe, data, { seed: 0 });
const stop = new AbortController();
let saved = '';
const stopped = await train(recipe, data, {
  seed: 0,
  signal: stop.signal,
  callbacks: { onStep: ({ step }) => (step === stopAt ? stop.abort() : undefined) },
  saveCheckpoint: async (cp) => {
    saved = JSON.stringify(cp);
  },
});
stopped.model.dispose();
const checkpoint = JSON.parse(saved) as Checkpoint;
const resumed = await train(recipe, data, { seed: 0, resume: checkpoint });

const rel = (a: number[], b: number[]) =>
  Math.max(...a.map((x, i) => Math.abs(x - b[i]!) / Math.max(Math.abs(x), 1e-12)));
const a = straight.history;
const b = resumed.history;
console.log(
  `stopped: interrupted ${stopped.interrupted} after ${stopped.steps} steps (checkpoint epoch ${checkpoint.epoch}, step ${checkpoint.stepInEpoch})`,
);
console.log(
  `straight loss ${a.loss.map((x) => x.toFixed(6)).join(' ')} · val NLL ${a.valLoss.map((x) => x.toFixed(6)).join(' ')} · val acc ${a.valAccuracy.join(' ')}`,
);
console.log(
  `resumed  loss ${b.loss.map((x) => x.toFixed(6)).join(' ')} · val NLL ${b.valLoss.map((x) => x.toFixed(6)).join(' ')} · val acc ${b.valAccuracy.join(' ')}`,
);
console.log(
  `max relative difference: train loss ${rel(a.loss, b.loss).toExponential(2)}, val NLL ${rel(a.valLoss, b.valLoss).toExponential(2)}`,
);
const wa = bits(straight);
const wb = bits(resumed);
const same =
  wa.length === wb.length &&
  wa.every((w, i) => w.length === wb[i]!.length && w.every((x, j) => x === wb[i]![j]));
console.log(`final weights bit-identical: ${same}; tensors left: ${tf.memory().numTensors}`);
