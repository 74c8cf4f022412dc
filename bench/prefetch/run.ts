// Prefetch overlap benchmark: does decoding batch k+1 (worker threads + `prefetch`) hide behind
// training on batch k? Run: cd bench && npx tsx prefetch/run.ts [--images 192] [--backend wasm]
//
// It writes a folder of JPEGs (256×192 photos-like gradients + noise) to a temp dir, then times
// one epoch of "decode → 64×64 RGB → one SGD step of an MLP" per batch, with the decode cache
// off so every epoch decodes:
//   sequential: workers 0, prefetch 0 (decode in this thread, then train);
//   overlapped: workers 1, prefetch 2 (decode in a worker while this thread trains).
// It prints the epoch times and the ratio sequential / overlapped, for each decoder.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, setupBackend } from '../../packages/core/src/index';
import { imageFolder } from '../../packages/data/src/node/index';

// jpeg-js is a dependency of @tftricks/data, not of the bench: load the same copy.
const jpeg = createRequire(new URL('../../packages/data/package.json', import.meta.url))('jpeg-js') as {
  encode(image: { data: Buffer; width: number; height: number }, quality: number): { data: Buffer };
};

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const N = Number(arg('images', '192'));
const BATCH = 32;
const SIZE = 64;
const backend = await setupBackend(arg('backend', 'wasm') as 'wasm' | 'cpu');

function writeFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tftricks-bench-prefetch-'));
  const rng = createRng(0);
  const [w, h] = [256, 192];
  for (let i = 0; i < N; i++) {
    const cls = `class${i % 4}`;
    mkdirSync(join(dir, cls), { recursive: true });
    const px = Buffer.alloc(w * h * 4);
    for (let p = 0; p < w * h; p++) {
      const [x, y] = [p % w, Math.floor(p / w)];
      px[p * 4] = (x + 40 * (i % 4) + rng.int(0, 24)) & 255;
      px[p * 4 + 1] = (y + rng.int(0, 24)) & 255;
      px[p * 4 + 2] = ((x + y) / 2 + rng.int(0, 24)) & 255;
      px[p * 4 + 3] = 255;
    }
    writeFileSync(join(dir, cls, `${i}.jpg`), jpeg.encode({ data: px, width: w, height: h }, 90).data);
  }
  return dir;
}

function makeModel(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [SIZE, SIZE, 3] }));
  model.add(tfl.layers.dense({ units: 256, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

async function epoch(dir: string, decoder: 'sharp' | 'js', workers: number, prefetch: number, model: tfl.Sequential) {
  const folder = await imageFolder(dir, { size: SIZE, decoder, workers, cache: 0 });
  const t0 = performance.now();
  let trainMs = 0;
  for await (const b of folder.batches({ batchSize: BATCH, rng: createRng(1), prefetch })) {
    const s = performance.now();
    await model.trainOnBatch(b.images, b.targets);
    trainMs += performance.now() - s;
  }
  const total = performance.now() - t0;
  await folder.close();
  return { total, trainMs };
}

const dir = writeFolder();
try {
  const model = makeModel();
  console.log(`backend ${backend}, ${N} JPEGs 256×192 → ${SIZE}×${SIZE}×3, batch ${BATCH}, ${availableParallelism()} cores`);
  for (const decoder of ['sharp', 'js'] as const) {
    await epoch(dir, decoder, 1, 2, model); // warm-up: JIT, worker start, file cache
    const seq = await epoch(dir, decoder, 0, 0, model);
    const ovl = await epoch(dir, decoder, 1, 2, model);
    const fmt = (r: { total: number; trainMs: number }) => `${r.total.toFixed(0)} ms (train ${r.trainMs.toFixed(0)} ms)`;
    console.log(`${decoder.padEnd(5)} sequential (workers 0, prefetch 0): ${fmt(seq)}`);
    console.log(`${decoder.padEnd(5)} overlapped (workers 1, prefetch 2): ${fmt(ovl)}`);
    console.log(`${decoder.padEnd(5)} overlap gain: ${(seq.total / ovl.total).toFixed(2)}× faster epoch`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
