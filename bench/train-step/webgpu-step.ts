// `run.ts --backend webgpu`: the bench models' training step on tfjs-backend-webgpu with
// @tftricks/webgpu-train, in Node through Dawn (npm `webgpu`). Without a GPU (these machines) the
// adapter is SwiftShader's Vulkan (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json):
// software, so the figures say whether a step is correct and where its time goes, not how fast
// a GPU is. Every row says which adapter it ran on.
//
//   cd bench && VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
//     npx tsx train-step/run.ts --backend webgpu [--models cnn,resnet] [--batch 32] [--steps 5]
//
// Per model: the same initial weights and batch on wasm (+ wasm-train, which equals the cpu
// backend to 1e-4 and is ~100× faster) and on webgpu, Adam 1e-3, softmax cross-entropy; the loss
// after --check-steps steps on both (a wrong kernel shows as a different loss), the median ms/step of --steps steps after --warmup, tensors leaked, the top-10 kernels
// of one step (tf.profile; Dawn gives timestamp queries, so kernel times are GPU times).
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { backendInfo, setupBackend } from '@tftricks/core';
import { wasmTrain } from '@tftricks/wasm-train';
import { webgpuTrain } from '@tftricks/webgpu-train';
import { arg } from '../cli-args';
import { isModelName, MODEL_NAMES, MODELS, type ModelName } from './models';

const models = arg('models', MODEL_NAMES.join(',')).split(',');
for (const m of models)
  if (!isModelName(m)) throw new Error(`unknown model ${m} (${MODEL_NAMES.join(', ')})`);
const batch = Number(arg('batch', '16'));
const steps = Number(arg('steps', '5'));
const warmup = Number(arg('warmup', '2'));
const checkSteps = Number(arg('check-steps', '2'));
const out = arg('out', fileURLToPath(new URL('./results-webgpu.json', import.meta.url)));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

/** One model, Adam and a fixed batch on the current backend, from the weights given. */
function trainer(name: ModelName, weights: tf.Tensor[] | null) {
  const model: tfl.LayersModel = MODELS[name]();
  if (weights) model.setWeights(weights);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10));
  const step = async () => {
    const l = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    ) as tf.Scalar;
    const v = (await l.data())[0] as number;
    l.dispose();
    return v;
  };
  const dispose = () => {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  };
  return { model, step, dispose };
}

interface Row {
  model: ModelName;
  params: number;
  lossWasm: number;
  lossWebgpu: number;
  lossRelDiff: number;
  msPerStep: number;
  leaked: number;
  profile: [string, number][];
}

await setupBackend('wasm', { wasm: wasmTrain });
const reference = backendInfo().summary;
await setupBackend('webgpu', { webgpu: webgpuTrain });
const info = backendInfo();
console.log(`backend: ${info.summary}; batch ${batch}, ${steps} timed steps after ${warmup} warm-up`);
const rows: Row[] = [];
for (const name of models as ModelName[]) {
  // Reference: the loss after checkSteps steps on wasm, from the model's seeded initial weights.
  await tf.setBackend('wasm');
  const ref = trainer(name, null);
  const init = ref.model.getWeights().map((w) => tf.tensor(w.dataSync(), w.shape, w.dtype));
  const initData = init.map((w) => ({ values: w.dataSync().slice(), shape: w.shape, dtype: w.dtype }));
  let lossWasm = Number.NaN;
  for (let i = 0; i < checkSteps; i++) lossWasm = await ref.step();
  const params = ref.model.countParams();
  ref.dispose();
  tf.dispose(init);
  await tf.setBackend('webgpu');
  const weights = initData.map((w) => tf.tensor(w.values, w.shape, w.dtype));
  const t = trainer(name, weights);
  tf.dispose(weights);
  let lossWebgpu = Number.NaN;
  for (let i = 0; i < checkSteps; i++) lossWebgpu = await t.step();
  for (let i = checkSteps; i < warmup; i++) await t.step();
  const before = tf.memory().numTensors;
  const ms: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await t.step();
    ms.push(performance.now() - t0);
  }
  const leaked = tf.memory().numTensors - before;
  const prof = await tf.profile(async () => {
    await t.step();
  });
  const byKernel = new Map<string, number>();
  for (const k of prof.kernels)
    if (typeof k.kernelTimeMs === 'number' && tf.getKernel(k.name, 'webgpu'))
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + k.kernelTimeMs);
  t.dispose();
  const row: Row = {
    model: name,
    params,
    lossWasm,
    lossWebgpu,
    lossRelDiff: Math.abs(lossWebgpu - lossWasm) / Math.abs(lossWasm),
    msPerStep: median(ms),
    leaked,
    profile: [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10),
  };
  rows.push(row);
  console.log(
    `${name}: ${row.msPerStep.toFixed(0)} ms/step; loss after ${checkSteps} steps wasm ${lossWasm.toFixed(5)}, webgpu ${lossWebgpu.toFixed(5)} (rel. diff ${row.lossRelDiff.toExponential(1)}); leaked ${leaked}`,
  );
  console.log(`  top kernels (ms): ${row.profile.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
}
console.log(
  `\n${info.summary}, batch ${batch}, 28×28×1, Adam 1e-3; median of ${steps} steps; reference ${reference}`,
);
console.log('| model | params | ms/step | loss wasm | loss webgpu | rel. diff | leaked | top kernels (ms) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.model} | ${r.params.toLocaleString('en')} | ${r.msPerStep.toFixed(0)} | ${r.lossWasm.toFixed(5)} | ${r.lossWebgpu.toFixed(5)} | ${r.lossRelDiff.toExponential(1)} | ${r.leaked} | ${r.profile
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')} |`,
  );
writeFileSync(
  out,
  `${JSON.stringify({ command: `npx tsx train-step/run.ts ${process.argv.slice(2).join(' ')}`, date: new Date().toISOString(), backend: info.summary, reference, adapter: info.adapter, batch, steps, rows }, null, 2)}\n`,
);
console.log(`rows → ${out}`);
