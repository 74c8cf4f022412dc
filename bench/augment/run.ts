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

async function timeBackend(name: 'cpu' | 'wasm'): Promise<number> {
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
    await batch.images.data(); // wait for the backend to finish
    tf.dispose([batch.images, batch.targets]);
  };
  await once(); // warm-up (kernel compilation, buffer pools)
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await once();
    times.push((performance.now() - t0) / 1000);
  }
  tf.dispose([images, targets]);
  return BATCH / median(times);
}

function timeTorchvision(): { imagesPerSecond: number; threads: number } {
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
console.log(`CIFAR train pipeline, batch ${BATCH}×${SIZE}×${SIZE}×3, median of ${REPEATS} (images/s)`);
console.log(
  `  torchvision 0.14 per image (${torchvision.threads} threads): ${fmt(torchvision.imagesPerSecond)}`,
);
console.log(
  `  tftricks wasm:                          ${fmt(wasm)}   ratio ${(wasm / torchvision.imagesPerSecond).toFixed(2)}×`,
);
console.log(
  `  tftricks cpu:                           ${fmt(cpu)}   ratio ${(cpu / torchvision.imagesPerSecond).toFixed(2)}×`,
);
