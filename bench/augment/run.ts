// CIFAR-style train pipeline: tftricks (one batched call) vs torchvision (per image), same run.
// tftricks runs on stock tfjs-backend-wasm (`tf.setBackend('wasm')`), then as `setupBackend('wasm')`
// sets it up, which also installs @tftricks/wasm-train's kernels when that package is present;
// the two must give the same batch bit for bit, which the bench checks.
// Run: cd bench && npx tsx augment/run.ts
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import {
  augment,
  colorJitter,
  compose,
  randomCrop,
  randomErasing,
  randomHorizontalFlip,
} from '@tftricks/augment';
import { createRng, oneHot, setupBackend } from '@tftricks/core';
import { wasmTrain } from '@tftricks/wasm-train';

const BATCH = 256;
const SIZE = 32;
const REPEATS = Number(process.env.REPEATS ?? 7);
const WARMUP = Number(process.env.WARMUP ?? 5);

const pipeline = compose([
  randomCrop({ size: SIZE, padding: 4 }),
  randomHorizontalFlip(),
  colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4 }),
  randomErasing(),
]);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Images/s by wall clock and by this process's CPU time (robust to other load on the machine). */
interface Rate {
  imagesPerSecond: number;
  cpuImagesPerSecond: number;
}

/** The input batch: uniform noise in [0, 1], seeded. */
function inputBatch(): { images: tf.Tensor4D; targets: tf.Tensor2D } {
  const rng = createRng(0);
  const data = Float32Array.from({ length: BATCH * SIZE * SIZE * 3 }, () => rng.uniform());
  const targets = oneHot(
    Array.from({ length: BATCH }, (_, i) => i % 10),
    10,
  );
  return { images: tf.tensor4d(data, [BATCH, SIZE, SIZE, 3]), targets };
}

/** One augmented batch for a fixed seed, read back (for the stock-vs-kernels check). */
function sampleOutput(): Float32Array {
  const { images, targets } = inputBatch();
  const { batch } = augment(pipeline, { images, targets }, createRng(123));
  const values = batch.images.dataSync() as Float32Array;
  tf.dispose([images, targets, batch.images, batch.targets]);
  return values;
}

/**
 * Images/s of the pipeline on a backend. `stock`: plain `tf.setBackend` (stock kernels only);
 * otherwise `setupBackend` with @tftricks/wasm-train's extension (its kernels, every core).
 */
async function timeBackend(name: 'cpu' | 'wasm', stock = false): Promise<Rate> {
  const used = stock
    ? (await tf.setBackend(name)) && tf.getBackend()
    : await setupBackend(name, { wasm: wasmTrain });
  if (used !== name) throw new Error(`wanted backend ${name}, got ${used}`);
  const rng = createRng(0);
  const { images, targets } = inputBatch();
  const once = async () => {
    const { batch } = augment(pipeline, { images, targets }, rng);
    // wasm and cpu run kernels synchronously, so the batch is ready here; a training step reads
    // it on the same backend, so no readback (a 3 MB copy per batch) is timed.
    tf.dispose([batch.images, batch.targets]);
  };
  // Warm-up: kernel compilation, buffer pools and V8's optimizing JIT, which needs a few calls
  // of the JS around the kernels (a training run makes thousands; Python has no JIT to warm).
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await once();
    const c = process.cpuUsage(c0);
    times.push((performance.now() - t0) / 1000);
    cpuTimes.push((c.user + c.system) / 1e6);
  }
  tf.dispose([images, targets]);
  return { imagesPerSecond: BATCH / median(times), cpuImagesPerSecond: BATCH / median(cpuTimes) };
}

function timeTorchvision(): Rate & { threads: number } {
  const script = fileURLToPath(new URL('./torchvision_pipeline.py', import.meta.url));
  const out = spawnSync('/usr/bin/python3', [script, String(BATCH), String(SIZE), String(REPEATS)], {
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`torchvision side failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

/** A torchvision process that times one batch per request, for batch-by-batch alternation. */
async function torchvisionServer(): Promise<{
  threads: number;
  batch: () => Promise<{ seconds: number; cpuSeconds: number }>;
  close: () => void;
}> {
  const script = fileURLToPath(new URL('./torchvision_pipeline.py', import.meta.url));
  const child = spawn('/usr/bin/python3', [script, String(BATCH), String(SIZE), '0', 'serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('torchvision server exited');
    return JSON.parse(line.value);
  };
  const { ready } = (await next()) as { ready: number };
  return {
    threads: ready,
    batch: async () => {
      child.stdin.write('run\n');
      return (await next()) as { seconds: number; cpuSeconds: number };
    },
    close: () => child.stdin.end(),
  };
}

// The host's speed drifts within seconds (other tenants), by up to 2× for either side, so the
// headline alternates the two sides batch by batch: each pair runs under the same conditions,
// and the median of the pairs' ratios is robust to the drift.
const PAIRS = Number(process.env.PAIRS ?? 40);
const torchvision = timeTorchvision();
const wasm = await timeBackend('wasm', true);
// Stock tfjs-backend-wasm has no Conv2DBackpropFilter: its presence means wasm-train was loaded.
if (tf.getKernel('Conv2DBackpropFilter', 'wasm'))
  throw new Error('the stock row ran with wasm-train kernels');
const stockOutput = sampleOutput();
const wasmKernels = await timeBackend('wasm');
if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) throw new Error('setupBackend did not install wasm-train');
const kernelOutput = sampleOutput();
const mismatches = stockOutput.filter((v, i) => !Object.is(v, kernelOutput[i])).length;
if (mismatches > 0) throw new Error(`wasm-train kernels changed ${mismatches} output values`);

const server = await torchvisionServer();
const pairRng = createRng(1);
const pairInput = inputBatch();
const tfjsBatch = () => {
  const t0 = performance.now();
  const { batch } = augment(pipeline, pairInput, pairRng);
  tf.dispose([batch.images, batch.targets]);
  return (performance.now() - t0) / 1000;
};
for (let i = 0; i < WARMUP; i++) tfjsBatch();
const pairs: { torchvision: number; tftricks: number }[] = [];
for (let i = 0; i < PAIRS; i++) {
  const tv = (await server.batch()).seconds;
  pairs.push({ torchvision: tv, tftricks: tfjsBatch() });
}
server.close();
tf.dispose([pairInput.images, pairInput.targets]);

const cpu = await timeBackend('cpu');
const fmt = (x: number) => x.toFixed(0).padStart(8);
const row = (label: string, r: Rate) =>
  `  ${label.padEnd(44)}${fmt(r.imagesPerSecond)} ${fmt(r.cpuImagesPerSecond)}   ratio ${(
    r.imagesPerSecond / torchvision.imagesPerSecond
  ).toFixed(2)}× wall, ${(r.cpuImagesPerSecond / torchvision.cpuImagesPerSecond).toFixed(2)}× cpu`;
console.log(
  `CIFAR train pipeline, batch ${BATCH}×${SIZE}×${SIZE}×3, median of ${REPEATS} batches per side, one side after the other (images/s: wall, cpu time)`,
);
console.log(row(`torchvision 0.14 per image (${torchvision.threads} threads)`, torchvision));
console.log(row('tftricks wasm, stock kernels', wasm));
console.log(row("tftricks wasm, setupBackend('wasm')", wasmKernels));
console.log(row('tftricks cpu', cpu));
const ratios = pairs.map((p) => p.torchvision / p.tftricks);
const sorted = [...ratios].sort((a, b) => a - b);
const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!;
console.log(
  `alternating batch by batch, ${PAIRS} pairs: torchvision median ${fmt(BATCH / median(pairs.map((p) => p.torchvision)))} img/s, tftricks wasm (setupBackend) median ${fmt(BATCH / median(pairs.map((p) => p.tftricks)))} img/s`,
);
console.log(
  `  tftricks ÷ torchvision per pair: median ${median(ratios).toFixed(2)}× (quartiles ${q(0.25).toFixed(2)}–${q(0.75).toFixed(2)}, min ${sorted[0]!.toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)})`,
);
