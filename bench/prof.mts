import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { setupWasmTrain } from '@tftricks/wasm-train';
import { MODELS } from './train-step/models';

await setupWasmTrain({ threads: Number(process.argv[3] ?? 1) });
const model = (MODELS as Record<string, () => import('@tensorflow/tfjs-layers').LayersModel>)[
  process.argv[2] ?? 'models-efficientnet'
]!();
const opt = tf.train.adam(1e-3);
const x = tf.randomUniform([128, 28, 28, 1]);
const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10);
const step = () => {
  const l = opt.minimize(
    () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    true,
  )!;
  l.dataSync();
  l.dispose();
};
for (let i = 0; i < 4; i++) step();
const t0 = performance.now();
for (let i = 0; i < 2; i++) step();
console.log('ms/step', ((performance.now() - t0) / 2).toFixed(0));
const info = await tf.profile(step);
const by = new Map<string, [number, number]>();
for (const k of info.kernels) {
  if (k.name.includes('__op') || k.name === 'unnamed scope') continue;
  const e = by.get(k.name) ?? [0, 0];
  e[0] += k.kernelTimeMs as number;
  e[1]++;
  by.set(k.name, e);
}
let total = 0;
for (const [, [ms]] of by) total += ms;
console.log('kernel total', total.toFixed(0), 'kernels', info.kernels.length);
for (const [k, [ms, n]] of [...by].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25))
  console.log(k.padEnd(36), ms.toFixed(1).padStart(7), String(n).padStart(5));
