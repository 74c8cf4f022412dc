// Prefetch overlap benchmark: does decoding batch k+1 (worker threads + `prefetch`) hide behind
// training on batch k? Run: cd bench && npx tsx prefetch/run.ts [--images 192] [--backend wasm]
//
// It writes a folder of JPEGs (256×192 photos-like gradients + noise) to a temp dir, then times
// one epoch of "decode → 64×64 RGB → one SGD step of an MLP" per batch, with the decode cache
// off so every epoch decodes. It first times decoding alone and training alone (the ideal
// overlap is (decode + train) / max(decode, train)), then, interleaved twice:
//   sequential: workers 0, prefetch 0 (decode in this thread, then train);
//   overlapped: workers 1, prefetch 2 (decode in a worker while this thread trains).
// It prints the epoch times and the ratio sequential / overlapped, for each decoder.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, setupBackend } from '@tftricks/core';
import { batches } from '@tftricks/data';
import { type ImageFolder, imageFolder } from '@tftricks/data/node';
import { wasmTrain } from '@tftricks/wasm-train';

// jpeg-js is a dependency of @tftricks/data, not of the bench: load the same copy.
const jpeg = createRequire(new URL('../../packages/data/package.json', import.meta.url))('jpeg-js') as {
  encode(image: { data: Buffer; width: number; height: number }, quality: number): { data: Buffer };
};

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const N = Number(arg('images', '128'));
const BATCH = 32;
const SIZE = 64;
const backend = await setupBackend(arg('backend', 'wasm') as 'wasm' | 'cpu', { wasm: wasmTrain });

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

const HIDDEN = Number(arg('hidden', '1024'));

function makeModel(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [SIZE, SIZE, 3] }));
  model.add(tfl.layers.dense({ units: HIDDEN, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

type Timing = { total: number; trainMs: number; cores: number };

/** One epoch: decode (cache off) and, unless `model` is null, one SGD step per batch. */
async function epoch(folder: ImageFolder, prefetch: number, model: tfl.Sequential | null): Promise<Timing> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let trainMs = 0;
  for await (const b of folder.batches({ batchSize: BATCH, rng: createRng(1), prefetch })) {
    const s = performance.now();
    if (model) await model.trainOnBatch(b.images, b.targets);
    trainMs += performance.now() - s;
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time of all this process's threads over wall time: > 1 means work really ran in parallel.
  return { total, trainMs, cores: (cpu.user + cpu.system) / 1000 / total };
}

/** Training alone, on batches decoded beforehand. */
async function trainOnly(dir: string, model: tfl.Sequential): Promise<number> {
  const folder = await imageFolder(dir, { size: SIZE, workers: 0 });
  const ds = await folder.toDataset();
  await folder.close();
  const t0 = performance.now();
  for (const b of batches(ds, { batchSize: BATCH, rng: createRng(1) }))
    await model.trainOnBatch(b.images, b.targets);
  return performance.now() - t0;
}

const dir = writeFolder();
try {
  const model = makeModel();
  console.log(
    `backend ${backend}, ${N} JPEGs 256×192 → ${SIZE}×${SIZE}×3, batch ${BATCH}, MLP hidden ${HIDDEN}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  for (const decoder of ['sharp', 'js'] as const) {
    // One folder per setup, opened once (as in training: workers start once, not per epoch).
    const inThread = await imageFolder(dir, { size: SIZE, decoder, workers: 0, cache: 0 });
    const inWorker = await imageFolder(dir, { size: SIZE, decoder, workers: 1, cache: 0 });
    await epoch(inThread, 0, model); // warm-up: JIT, worker start, OS file cache
    await epoch(inWorker, 2, model);
    const decode = (await epoch(inThread, 0, null)).total;
    const train = await trainOnly(dir, model);
    // Interleaved, so drifting machine load hits both setups alike.
    const seq: Timing[] = [];
    const ovl: Timing[] = [];
    for (let r = 0; r < 2; r++) {
      seq.push(await epoch(inThread, 0, model));
      ovl.push(await epoch(inWorker, 2, model));
    }
    await Promise.all([inThread.close(), inWorker.close()]);
    const best = (ts: Timing[]) => Math.min(...ts.map((t) => t.total));
    console.log(
      `${decoder}: decode only ${ms(decode)}, train only ${ms(train)} → ideal overlap ${((decode + train) / Math.max(decode, train)).toFixed(2)}×`,
    );
    console.log(
      `${decoder}: sequential (workers 0, prefetch 0) ${seq.map((t) => `${ms(t.total)} (${t.cores.toFixed(2)} cores busy)`).join(', ')}`,
    );
    console.log(
      `${decoder}: overlapped (workers 1, prefetch 2) ${ovl.map((t) => `${ms(t.total)} (${t.cores.toFixed(2)} cores busy)`).join(', ')}`,
    );
    console.log(
      `${decoder}: overlap gain (best sequential / best overlapped): ${(best(seq) / best(ovl)).toFixed(2)}×`,
    );
  }
  console.log(
    `load average at the end: ${loadavg()[0]!.toFixed(1)} (above the core count, overlap has no idle core to use)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
