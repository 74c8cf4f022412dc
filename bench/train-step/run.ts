// One command: tfjs cpu, tfjs wasm + @tftricks/wasm-train and PyTorch (2 threads, and 1 thread
// for reference) train the same models in one run; prints median ms/step and ratios, then a
// per-kernel profile of one wasm step.
//
//   cd /work/main/bench && npx tsx train-step/run.ts [--models cnn,resnet] [--batch 128]
//     [--steps 20] [--warmup 3] [--blocks 4] [--cpu-steps 2] [--cpu-batch 128] [--skip-cpu]
//
// tfjs cpu needs minutes per step (its Conv2DBackpropFilter is a naive loop): it runs 1
// warm-up + --cpu-steps timed steps, at --cpu-batch, next to PyTorch and wasm at that batch.
//
// The machine is shared: PyTorch and wasm steps run in interleaved blocks so that load drift
// hits both, and the ratios are the figures to read, not the absolute times.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { backendInfo } from '@tftricks/core';
import { setupWasmTrain } from '@tftricks/wasm-train';
import { MODELS, type ModelName } from './models';

const argv = process.argv.slice(2);
function opt(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback;
}
const models = opt('models', 'cnn,resnet').split(',') as ModelName[];
const batch = Number(opt('batch', '128'));
const steps = Number(opt('steps', '20'));
const warmup = Number(opt('warmup', '3'));
const blocks = Number(opt('blocks', '4'));
const cpuSteps = Number(opt('cpu-steps', '2'));
const cpuBatch = Number(opt('cpu-batch', String(batch)));
const skipCpu = argv.includes('--skip-cpu');
const threads = Number(opt('threads', '2'));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** A PyTorch process that runs blocks of training steps on request. */
class Torch {
  private proc: ChildProcessWithoutNullStreams;
  private lines: AsyncIterableIterator<string>;
  constructor(model: ModelName, threads: number, size = batch) {
    const script = fileURLToPath(new URL('./torch_step.py', import.meta.url));
    this.proc = spawn('/usr/bin/python3', [script, model, String(size), String(threads)]);
    this.proc.stderr.on('data', (d) => process.stderr.write(d));
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  private async next(): Promise<{ ms?: number[]; ready?: boolean }> {
    const r = await this.lines.next();
    if (r.done) throw new Error('torch_step.py ended early');
    return JSON.parse(r.value);
  }
  async ready(): Promise<void> {
    await this.next();
  }
  async run(n: number): Promise<number[]> {
    this.proc.stdin.write(`${n}\n`);
    return (await this.next()).ms ?? [];
  }
  close(): void {
    this.proc.stdin.write('\n');
    this.proc.stdin.end();
  }
}

/** A tfjs model, Adam 1e-3 and a fixed batch on the current backend. */
function tfjsTrainer(name: ModelName, size = batch) {
  const model: tfl.LayersModel = MODELS[name]();
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([size, 28, 28, 1], 0, 1, 'float32', 1);
  const labels = tf.randomUniform([size], 0, 10, 'int32', 2);
  const y = tf.oneHot(labels, 10);
  const step = () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    ) as tf.Scalar;
    const value = loss.dataSync()[0] as number;
    loss.dispose();
    return value;
  };
  const run = (n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      step();
      ms.push(performance.now() - t0);
    }
    return ms;
  };
  const dispose = () => {
    tf.dispose([x, labels, y]);
    model.dispose();
    optimizer.dispose();
  };
  return { step, run, dispose };
}

async function profileStep(name: ModelName): Promise<[string, number][]> {
  const t = tfjsTrainer(name);
  t.run(2);
  const info = await tf.profile(() => {
    t.step();
  });
  const byKernel = new Map<string, number>();
  for (const k of info.kernels)
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  t.dispose();
  return [...byKernel.entries()].sort((a, b) => b[1] - a[1]);
}

const fmt = (x: number) => x.toFixed(0).padStart(8);
const results: Record<string, unknown>[] = [];
for (const name of models) {
  console.log(`\n== ${name}, batch ${batch} ==`);
  const torch2 = new Torch(name, 2);
  const torch1 = new Torch(name, 1);
  await Promise.all([torch2.ready(), torch1.ready()]);
  await setupWasmTrain({ threads });
  console.log(`backend: ${backendInfo().summary}`);
  const wasm = tfjsTrainer(name);
  wasm.run(warmup);
  // After warm-up: Adam's moment tensors exist from the first step on.
  const tensorsBefore = tf.memory().numTensors;
  await torch2.run(warmup);
  await torch1.run(warmup);
  const w: number[] = [];
  const p2: number[] = [];
  const p1: number[] = [];
  const per = Math.ceil(steps / blocks);
  for (let b = 0; b < blocks; b++) {
    p2.push(...(await torch2.run(per)));
    w.push(...wasm.run(per));
    p1.push(...(await torch1.run(per)));
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  wasm.dispose();
  const row: Record<string, unknown> = {
    model: name,
    batch,
    wasmMs: median(w),
    torch2Ms: median(p2),
    torch1Ms: median(p1),
    ratioWasmTorch2: median(w) / median(p2),
    ratioWasmTorch1: median(w) / median(p1),
    wasmSteps: w.length,
    torchSteps: p2.length,
    tensorsLeakedPerRun: leaked,
  };
  console.log(
    `tfjs wasm + wasm-train : ${fmt(median(w))} ms/step (median of ${w.length}, ${warmup} warm-up)`,
  );
  console.log(`PyTorch 2 threads      : ${fmt(median(p2))} ms/step (median of ${p2.length})`);
  console.log(`PyTorch 1 thread       : ${fmt(median(p1))} ms/step (median of ${p1.length})`);
  console.log(`ratio wasm ÷ PyTorch(2 threads) = ${(median(w) / median(p2)).toFixed(2)}`);
  console.log(`ratio wasm ÷ PyTorch(1 thread)  = ${(median(w) / median(p1)).toFixed(2)}`);
  torch2.close();
  torch1.close();
  if (!skipCpu && cpuSteps > 0) {
    const torchSmall = new Torch(name, 2, cpuBatch);
    await torchSmall.ready();
    await torchSmall.run(warmup);
    const wasmSmall = tfjsTrainer(name, cpuBatch);
    wasmSmall.run(warmup);
    const pBefore = await torchSmall.run(3);
    const wBefore = wasmSmall.run(3);
    await tf.setBackend('cpu');
    const cpu = tfjsTrainer(name, cpuBatch);
    cpu.run(1);
    const c = cpu.run(cpuSteps);
    cpu.dispose();
    await tf.setBackend('wasm');
    const pAfter = await torchSmall.run(3);
    const wAfter = wasmSmall.run(3);
    wasmSmall.dispose();
    torchSmall.close();
    const pc = median([...pBefore, ...pAfter]);
    const wc = median([...wBefore, ...wAfter]);
    Object.assign(row, {
      cpuBatch,
      cpuMs: median(c),
      cpuSteps: c.length,
      torch2AtCpuBatchMs: pc,
      wasmAtCpuBatchMs: wc,
    });
    Object.assign(row, { ratioCpuTorch2: median(c) / pc, ratioCpuWasm: median(c) / wc });
    console.log(
      `at batch ${cpuBatch}: tfjs cpu ${fmt(median(c))} ms/step (median of ${c.length}, 1 warm-up)`,
    );
    console.log(
      `at batch ${cpuBatch}: PyTorch 2 threads ${fmt(pc)}, wasm + wasm-train ${fmt(wc)} ms/step (6 steps each, around the cpu run)`,
    );
    console.log(
      `ratio cpu ÷ PyTorch(2 threads) = ${(median(c) / pc).toFixed(1)}, cpu ÷ wasm = ${(median(c) / wc).toFixed(1)}`,
    );
  }
  await tf.setBackend('wasm');
  const prof = await profileStep(name);
  row.profile = prof;
  console.log('per-kernel profile of one wasm step (tf.profile, ms):');
  for (const [k, ms] of prof.slice(0, 14)) console.log(`  ${k.padEnd(28)} ${ms.toFixed(1)}`);
  results.push(row);
}
console.log(`\nJSON ${JSON.stringify(results)}`);
