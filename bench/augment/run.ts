// CIFAR-style train pipeline: tftricks (one batched call) vs torchvision (per image), same run.
// tftricks runs on stock tfjs-backend-wasm (`tf.setBackend('wasm')`), then as `setupBackend('wasm')`
// sets it up, which also installs @tftricks/wasm-train's kernels when that package is present;
// the two must give the same batch bit for bit, which the bench checks.
// Run: cd bench && npx tsx augment/run.ts
import { spawnSync } from 'node:child_process';
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
 * otherwise `setupBackend`, which on wasm also installs @tftricks/wasm-train's kernels.
 */
async function timeBackend(name: 'cpu' | 'wasm', stock = false): Promise<Rate> {
  const used = stock ? (await tf.setBackend(name)) && tf.getBackend() : await setupBackend(name);
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

// Rounds alternate the two sides, so a change of load on the machine hits both; the headline is
// the median of the rounds' ratios.
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const stockTorchvision = timeTorchvision();
const wasm = await timeBackend('wasm', true);
// Stock tfjs-backend-wasm has no Conv2DBackpropFilter: its presence means wasm-train was loaded.
if (tf.getKernel('Conv2DBackpropFilter', 'wasm'))
  throw new Error('the stock row ran with wasm-train kernels');
const stockOutput = sampleOutput();
const rounds: { torchvision: Rate & { threads: number }; wasm: Rate }[] = [];
for (let r = 0; r < ROUNDS; r++)
  rounds.push({ torchvision: timeTorchvision(), wasm: await timeBackend('wasm') });
if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) throw new Error('setupBackend did not install wasm-train');
const kernelOutput = sampleOutput();
const mismatches = stockOutput.filter((v, i) => !Object.is(v, kernelOutput[i])).length;
if (mismatches > 0) throw new Error(`wasm-train kernels changed ${mismatches} output values`);
const cpu = await timeBackend('cpu');
const fmt = (x: number) => x.toFixed(0).padStart(8);
const ratio = (r: Rate, base: Rate) =>
  `${(r.imagesPerSecond / base.imagesPerSecond).toFixed(2)}× wall, ${(r.cpuImagesPerSecond / base.cpuImagesPerSecond).toFixed(2)}× cpu`;
const row = (label: string, r: Rate, base: Rate) =>
  `  ${label.padEnd(44)}${fmt(r.imagesPerSecond)} ${fmt(r.cpuImagesPerSecond)}   ratio ${ratio(r, base)}`;
console.log(
  `CIFAR train pipeline, batch ${BATCH}×${SIZE}×${SIZE}×3, median of ${REPEATS} batches (images/s: wall, cpu time); ratios vs the torchvision run just before`,
);
const tvLabel = `torchvision 0.14 per image (${stockTorchvision.threads} threads)`;
console.log(row(tvLabel, stockTorchvision, stockTorchvision));
console.log(row('tftricks wasm, stock kernels', wasm, stockTorchvision));
console.log(row('tftricks cpu', cpu, stockTorchvision));
rounds.forEach((r, i) => {
  console.log(`round ${i + 1}`);
  console.log(row(tvLabel, r.torchvision, r.torchvision));
  console.log(row("tftricks wasm, setupBackend('wasm')", r.wasm, r.torchvision));
});
const wallRatios = rounds.map((r) => r.wasm.imagesPerSecond / r.torchvision.imagesPerSecond);
console.log(
  `median over ${ROUNDS} rounds, tftricks wasm (setupBackend) ÷ torchvision: ${median(wallRatios).toFixed(2)}× wall (rounds: ${wallRatios.map((x) => x.toFixed(2)).join(', ')})`,
);
