// CIFAR-style train pipeline: tftricks (one batched call) vs torchvision (per image), same run.
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

async function timeBackend(name: 'cpu' | 'wasm'): Promise<Rate> {
  const used = await setupBackend(name);
  if (used !== name) throw new Error(`wanted backend ${name}, got ${used}`);
  const rng = createRng(0);
  const data = Float32Array.from({ length: BATCH * SIZE * SIZE * 3 }, () => rng.uniform());
  const images = tf.tensor4d(data, [BATCH, SIZE, SIZE, 3]);
  const targets = oneHot(
    Array.from({ length: BATCH }, (_, i) => i % 10),
    10,
  );
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

const torchvision = timeTorchvision();
const wasm = await timeBackend('wasm');
const cpu = await timeBackend('cpu');
const fmt = (x: number) => x.toFixed(0).padStart(8);
const row = (label: string, r: Rate) =>
  `  ${label.padEnd(40)}${fmt(r.imagesPerSecond)} ${fmt(r.cpuImagesPerSecond)}   ratio ${(
    r.imagesPerSecond / torchvision.imagesPerSecond
  ).toFixed(2)}× wall, ${(r.cpuImagesPerSecond / torchvision.cpuImagesPerSecond).toFixed(2)}× cpu`;
console.log(
  `CIFAR train pipeline, batch ${BATCH}×${SIZE}×${SIZE}×3, median of ${REPEATS} (images/s: wall, cpu time)`,
);
console.log(row(`torchvision 0.14 per image (${torchvision.threads} threads)`, torchvision));
console.log(row('tftricks wasm', wasm));
console.log(row('tftricks cpu', cpu));
