// The three 3×3 stride-1 convolution kernels of wasm-train, direct against Winograd F(2×2, 3×3)
// (useWinograd), on the bncnn / resnet8 layer shapes at batch 128, alternately so load drift hits
// both. Prints the median ms of each and the speed-up.
//
//   cd /work/main/bench && npx tsx train-step/winograd.ts [--threads 1] [--repeats 7]
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '@tftricks/core';
import { useWinograd, wasmTrain } from '@tftricks/wasm-train';
import { arg } from '../cli-args';

const threads = Number(arg('threads', '1'));
const repeats = Number(arg('repeats', '7'));
await setupBackend('wasm', { wasm: wasmTrain, threads });
const { loadavg } = await import('node:os');
console.log(
  `wasm, ${threads} thread(s); load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

/** [spatial size, Ci, Co] at batch 128, 'same' padding. */
const layers: [number, number, number][] = [
  [28, 32, 32],
  [14, 32, 64],
  [14, 64, 64],
  [7, 64, 128],
  [7, 128, 128],
];
const n = 128;

function median(f: () => tf.Tensor, on: boolean, times: number[]): void {
  useWinograd(on);
  const t0 = performance.now();
  const y = f();
  y.dataSync();
  times.push(performance.now() - t0);
  y.dispose();
}

console.log('| layer | kernel | direct ms | Winograd ms | speed-up |');
console.log('|---|---|---|---|---|');
for (const [s, ci, co] of layers) {
  const x = tf.randomNormal([n, s, s, ci]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, ci, co]) as tf.Tensor4D;
  const dy = tf.randomNormal([n, s, s, co]) as tf.Tensor4D;
  const kernels: [string, () => tf.Tensor][] = [
    ['Conv2D', () => tf.conv2d(x, w, 1, 'same')],
    ['Conv2DBackpropInput', () => tf.conv2dTranspose(dy, w, [n, s, s, ci], 1, 'same')],
    [
      'Conv2DBackpropFilter',
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] },
          ) as tf.Tensor,
    ],
  ];
  for (const [name, f] of kernels) {
    const direct: number[] = [];
    const wino: number[] = [];
    for (let i = 0; i < 2; i++) median(f, i % 2 === 0, []);
    for (let i = 0; i < repeats; i++) {
      median(f, false, direct);
      median(f, true, wino);
    }
    const med = (t: number[]) => t.sort((a, b) => a - b)[t.length >> 1]!;
    const [d, g] = [med(direct), med(wino)];
    console.log(
      `| ${s}×${s} ${ci}→${co} | ${name} | ${d.toFixed(1)} | ${g.toFixed(1)} | ${(d / g).toFixed(2)}× |`,
    );
  }
  tf.dispose([x, w, dy]);
}
useWinograd(true);
console.log(
  `load at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
