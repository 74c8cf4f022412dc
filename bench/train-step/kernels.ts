// Kernel by kernel: stock tfjs-backend-wasm against @tftricks/wasm-train on the shapes of the
// reference CNN's training step (batch 128), run alternately so load drift hits both.
//
//   cd /work/main/bench && npx tsx train-step/kernels.ts
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('wasm');
await tf.ready();
const backend = tf.backend();
const stock = new Map<string, tf.KernelFunc>();
for (const name of ['Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Sum', 'Identity', 'Conv2D']) {
  const k = tf.getKernel(name, 'wasm');
  if (k) stock.set(name, k.kernelFunc);
}
const { registerWasmTrainKernels } = await import('@tftricks/wasm-train');
registerWasmTrainKernels();
const ours = (name: string) => tf.getKernel(name, 'wasm')?.kernelFunc as tf.KernelFunc;

type Call = {
  name: string;
  label: string;
  inputs: Record<string, tf.Tensor>;
  attrs: Record<string, unknown>;
};
const r = (s: number[]) => tf.randomUniform(s);
const calls: Call[] = [
  {
    name: 'Conv2DBackpropInput',
    label: 'conv2 dx: dy[128,14,14,64] W[3,3,32,64]',
    inputs: { dy: r([128, 14, 14, 64]), filter: r([3, 3, 32, 64]) },
    attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', inputShape: [128, 14, 14, 32] },
  },
  {
    name: 'Conv2DBackpropInput',
    label: 'stride-2 dx: dy[128,7,7,64] W[3,3,32,64]',
    inputs: { dy: r([128, 7, 7, 64]), filter: r([3, 3, 32, 64]) },
    attrs: { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [128, 14, 14, 32] },
  },
  {
    name: 'MaxPoolGrad',
    label: 'pool1 dx: x[128,28,28,32]',
    inputs: { dy: r([128, 14, 14, 32]), input: r([128, 28, 28, 32]), output: r([128, 14, 14, 32]) },
    attrs: { filterSize: 2, strides: 2, pad: 'valid' },
  },
  {
    name: 'BatchMatMul',
    label: 'dense1 dW: xᵀ[3136,128]·dy[128,128]',
    inputs: { a: r([128, 3136]), b: r([128, 128]) },
    attrs: { transposeA: true, transposeB: false },
  },
  {
    name: 'BatchMatMul',
    label: 'dense1 dx: dy[128,128]·Wᵀ',
    inputs: { a: r([128, 128]), b: r([3136, 128]) },
    attrs: { transposeA: false, transposeB: true },
  },
  {
    name: 'Sum',
    label: 'conv1 bias grad: [128,28,28,32] → [32]',
    inputs: { x: r([128, 28, 28, 32]) },
    attrs: { axis: [0, 1, 2], keepDims: false },
  },
  {
    name: 'Identity',
    label: 'pass-through of an activation [128,28,28,32]',
    inputs: { x: r([128, 28, 28, 32]) },
    attrs: {},
  },
];

function time(f: tf.KernelFunc, c: Call): number {
  const t0 = performance.now();
  const out = f({
    inputs: c.inputs,
    backend,
    attrs: c.attrs,
  } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const ms = performance.now() - t0;
  backend.disposeData(out.dataId);
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

console.log('| kernel | case | stock wasm ms | wasm-train ms | speed-up |');
console.log('|---|---|---|---|---|');
for (const c of calls) {
  const s: number[] = [];
  const o: number[] = [];
  const stockK = stock.get(c.name) as tf.KernelFunc;
  time(stockK, c);
  time(ours(c.name), c);
  for (let i = 0; i < 5; i++) {
    s.push(time(stockK, c));
    o.push(time(ours(c.name), c));
  }
  console.log(
    `| ${c.name} | ${c.label} | ${median(s).toFixed(1)} | ${median(o).toFixed(1)} | ${(median(s) / median(o)).toFixed(1)}× |`,
  );
}
// The kernels stock wasm lacks, next to the forward convolution they are built on.
const x2 = r([128, 14, 14, 32]);
const w2 = r([3, 3, 32, 64]);
const dy2 = r([128, 14, 14, 64]);
const fwd: number[] = [];
const dw: number[] = [];
const convCall: Call = {
  name: 'Conv2D',
  label: '',
  inputs: { x: x2, filter: w2 },
  attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] },
};
const dwCall: Call = {
  name: 'Conv2DBackpropFilter',
  label: '',
  inputs: { x: x2, dy: dy2 },
  attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] },
};
time(stock.get('Conv2D') as tf.KernelFunc, convCall);
time(ours('Conv2DBackpropFilter'), dwCall);
for (let i = 0; i < 5; i++) {
  fwd.push(time(stock.get('Conv2D') as tf.KernelFunc, convCall));
  dw.push(time(ours('Conv2DBackpropFilter'), dwCall));
}
console.log(
  `\nconv2 forward (XNNPACK) ${median(fwd).toFixed(1)} ms; conv2 Conv2DBackpropFilter (wasm-train) ${median(dw).toFixed(1)} ms`,
);
