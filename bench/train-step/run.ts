// Issue #20's table in one command: tfjs-wasm + @tftricks/wasm-train against PyTorch (2 threads
// and 1 thread), batch 128 of 28×28×1, Adam 1e-3, softmax cross-entropy, every bench model:
//
//   cd /work/main/bench && npx tsx train-step/run.ts
//
// Options: [--models cnn,resnet,bncnn,resnet8,mobilenet,models-resnet,models-efficientnet,
//   models-seresnext] [--threads 2,1] [--batch 128] [--steps 20] [--blocks 4] [--warmup 3]
//   [--check-batch 16] [--no-check] [--tf-padding] [--out train-step/results.json] [--keep-spec]
//   [--cpu [--cpu-steps 2] [--cpu-batch 16]]
// `--check` alone only proves the twins (no timing). Smoke run: --steps 2 --blocks 1 --warmup 1.
// `--backend webgpu`: the models on WebGPU through Dawn instead (webgpu-step.ts has its options).
//
// 1. Twins: each tfjs model's graph and initial weights go to a temp dir (twin-spec.ts);
//    torch_step.py builds the PyTorch twin from them. The check runs one training-mode forward
//    on tfjs cpu and on the twin, same input, and compares the logits (a twin that fails is not
//    timed).
// 2. Per thread count t: setupWasmTrain({ threads: t }) (--xnnpack-threads n: XNNPACK's own
//    pool on min(n, t) of them; default the package's, 1; --relaxed-simd auto|on|off: the
//    convolutions' fused multiply-adds, default auto), then per model blocks of steps,
//    interleaved PyTorch 2 threads → tfjs → PyTorch 1 thread, so load drift hits all three;
//    medians, ratios, tf.memory().numTensors growth over the timed steps, top-10 kernels of one
//    step (tf.profile). --cpu adds tfjs cpu at --cpu-batch (minutes per step: its
//    Conv2DBackpropFilter is a naive loop) in the first pass.
// 3. One markdown table, all rows with profiles in --out, load average at start and end.
//
// The machine may be shared: the ratios are the figures to read, and a figure taken at a load
// average above ~1 is not a headline (issue #20, "Quiet machine").
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { backendInfo } from '@tftricks/core';
import { maxRelativeError } from '@tftricks/core/testing';
import { relaxedSimdActive, setupWasmTrain, xnnpackThreads } from '@tftricks/wasm-train';
import { arg, nums } from '../cli-args';
import { isModelName, MODEL_NAMES, MODELS, type ModelName } from './models';
import { readFloat32, sameWeightsAsSpec, writeFloat32, writeTwinSpec } from './twin-spec';

// --backend webgpu: the bench models on tfjs-backend-webgpu instead (Dawn in Node; webgpu-step.ts).
if (arg('backend', 'wasm') === 'webgpu') {
  await import('./webgpu-step');
  process.exit(0);
}

const flag = (name: string) => process.argv.includes(`--${name}`);
const models = arg('models', MODEL_NAMES.join(',')).split(',');
for (const m of models)
  if (!isModelName(m)) throw new Error(`unknown model ${m} (${MODEL_NAMES.join(', ')})`);
const threadCounts = nums(arg('threads', '2,1'));
// XNNPACK's own pool (the stock kernels wasm-train leaves alone); default: the package's (1).
const xnnpackArg = arg('xnnpack-threads', '');
const xnnpackThreadsAsked = xnnpackArg === '' ? undefined : Number(xnnpackArg);
// The relaxed-SIMD build (fused multiply-adds in the C convolutions), default auto: on where the
// engine has it.
const relaxedArg = arg('relaxed-simd', 'auto');
if (!['auto', 'on', 'off'].includes(relaxedArg))
  throw new Error(`--relaxed-simd auto|on|off, got ${relaxedArg}`);
const relaxedSimd = relaxedArg === 'auto' ? 'auto' : relaxedArg === 'on';
const batch = Number(arg('batch', '128'));
const steps = Number(arg('steps', '20'));
const warmup = Number(arg('warmup', '3'));
const blocks = Number(arg('blocks', '4'));
const checkBatch = Number(arg('check-batch', '16'));
const checkOnly = flag('check');
const runCheck = checkOnly || !flag('no-check');
// tfjs cpu is off unless asked for (--skip-cpu, the old spelling, is the default).
const withCpu = flag('cpu') && !checkOnly;
const cpuSteps = Number(arg('cpu-steps', '2'));
const cpuBatch = Number(arg('cpu-batch', '16'));
// The timed twins pad 'same' as a PyTorch user writes it (k//2); --tf-padding times them with
// TF's exact, asymmetric padding instead (an extra ZeroPad2d where the two differ).
const torchPadding = flag('tf-padding') ? 'tf' : 'torch';
const out = arg('out', fileURLToPath(new URL('./results.json', import.meta.url)));
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-torch
const SCRIPT = fileURLToPath(new URL('./torch_step.py', import.meta.url));
// The twin check's gate: float32 reorderings give ~1e-6–1e-5; a wrong layer gives ≥ 1e-2.
const CHECK_TOL = 1e-3;
if (Math.max(checkBatch, withCpu ? cpuBatch : 0) > batch)
  throw new Error('--check-batch/--cpu-batch ≤ --batch');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const IMAGE = 28 * 28;

/** A PyTorch process that runs blocks of training steps of one twin on request. */
class Torch {
  private proc: ChildProcessWithoutNullStreams;
  private lines: AsyncIterableIterator<string>;
  lastLoss: number | null = null;
  constructor(dir: string, threads: number, size = batch) {
    this.proc = spawn(PYTHON, [SCRIPT, 'serve', dir, String(threads), String(size), torchPadding]);
    this.proc.stderr.on('data', (d) => process.stderr.write(d));
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  private async next(): Promise<{ ms?: number[]; loss?: number | null; threads?: number }> {
    const r = await this.lines.next();
    if (r.done) throw new Error('torch_step.py ended early');
    return JSON.parse(r.value);
  }
  async ready(): Promise<number> {
    return (await this.next()).threads ?? 0;
  }
  async run(n: number): Promise<number[]> {
    this.proc.stdin.write(`${n}\n`);
    const r = await this.next();
    this.lastLoss = r.loss ?? null;
    return r.ms ?? [];
  }
  close(): void {
    this.proc.stdin.write('\n');
    this.proc.stdin.end();
  }
}

// One batch for every model and both frameworks (PyTorch reads the same bytes from the temp dir).
const root = mkdtempSync(join(tmpdir(), 'tftricks-train-step-'));
await tf.setBackend('cpu');
const xData = tf.tidy(
  () => tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1).dataSync() as Float32Array,
);
const labelData = tf.tidy(() => tf.randomUniform([batch], 0, 10, 'int32', 2).dataSync() as Int32Array);
writeFloat32(join(root, 'x.bin'), xData);
writeFloat32(join(root, 'labels.bin'), labelData);
writeFileSync(join(root, 'data.json'), JSON.stringify({ shape: [batch, 28, 28, 1] }));

/** A tfjs model, Adam 1e-3 and the shared batch (its first `size` samples) on the current backend. */
function tfjsTrainer(name: ModelName, size = batch) {
  const model: tfl.LayersModel = MODELS[name]();
  const optimizer = tf.train.adam(1e-3);
  const x = tf.tensor4d(xData.subarray(0, size * IMAGE), [size, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labelData.subarray(0, size), 'int32'), 10));
  let loss = Number.NaN;
  const step = () => {
    const l = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    ) as tf.Scalar;
    loss = l.dataSync()[0] as number;
    l.dispose();
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
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  };
  return { model, step, run, dispose, loss: () => loss };
}

interface CheckResult {
  batch: number;
  /** maxRelativeError (core/testing) of the twin's logits, padded exactly as TF's 'same'. */
  exact: number;
  /** The same for the timed twin (PyTorch's symmetric padding=k//2). */
  timed: number;
  /** Convs whose TF 'same' padding is not PyTorch's k//2 (asymmetric, at stride 2). */
  paddingDiffers: string[];
  twinParams: number;
  twinBuffers: number;
}

/** Spec + weights for the twin; with `check`, tfjs cpu vs twin logits of one training forward. */
function prepareTwin(
  name: ModelName,
  check: boolean,
): { params: number; trainable: number; check?: CheckResult } {
  const model = MODELS[name]();
  const dir = join(root, name);
  writeTwinSpec(model, name, dir);
  const params = model.countParams();
  const trainable = model.trainableWeights.reduce(
    (s, w) => s + tf.util.sizeFromShape(w.shape as number[]),
    0,
  );
  if (!check) {
    model.dispose();
    return { params, trainable };
  }
  const shape = [checkBatch, 28, 28, 1] as [number, number, number, number];
  const xc = xData.subarray(0, checkBatch * IMAGE);
  writeFloat32(join(dir, 'check-x.bin'), xc);
  writeFileSync(join(dir, 'check.json'), JSON.stringify({ shape }));
  // Dropout is random on either side: both skip it here (the twin sets p = 0).
  for (const layer of model.layers)
    if (layer.getClassName() === 'Dropout') layer.call = (inputs: tf.Tensor | tf.Tensor[]) => inputs;
  const logits = tf.tidy(() => {
    const y = model.apply(tf.tensor4d(xc, shape), { training: true }) as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
  model.dispose();
  const r = spawnSync(PYTHON, [SCRIPT, 'check', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`torch_step.py check ${name} failed:\n${r.stderr}`);
  const info = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
    paddingDiffers: string[];
    params: number;
    buffers: number;
  };
  return {
    params,
    trainable,
    check: {
      batch: checkBatch,
      exact: maxRelativeError(readFloat32(join(dir, 'check-exact.bin')), logits),
      timed: maxRelativeError(readFloat32(join(dir, 'check-timed.bin')), logits),
      paddingDiffers: info.paddingDiffers,
      twinParams: info.params,
      twinBuffers: info.buffers,
    },
  };
}

async function profileStep(name: ModelName): Promise<[string, number][]> {
  const t = tfjsTrainer(name);
  t.run(2);
  const info = await tf.profile(() => {
    t.step();
  });
  const byKernel = new Map<string, number>();
  const backend = tf.getBackend();
  // tf.profile also lists custom-gradient ops ('fusedConv2d__op', 'unnamed scope') around the
  // kernels they run, which would count those twice: only registered kernels are kept.
  for (const k of info.kernels)
    if (typeof k.kernelTimeMs === 'number' && tf.getKernel(k.name, backend))
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + k.kernelTimeMs);
  t.dispose();
  return [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
}

interface PassResult {
  /** Threads asked of setupWasmTrain, and what backendInfo() says was obtained. */
  threads: number;
  backend: string;
  backendThreads: number;
  /** Threads of XNNPACK's own pool (the stock kernels), ≤ backendThreads. */
  xnnpackThreads: number;
  /** Whether the C kernels were the relaxed-SIMD build (relaxedSimdActive()). */
  relaxedSimd: boolean;
  wasmMs: number;
  torch2Ms: number;
  torch1Ms: number;
  ratioTorch2: number;
  ratioTorch1: number;
  wasmSteps: number;
  torchSteps: number;
  tensorsLeaked: number;
  /** The tfjs model timed here starts from the weights the twin was built from. */
  sameInitAsTwin: boolean;
  /** Loss after the same number of steps on the same batch from the same weights. */
  lossTfjs: number;
  lossTorch2: number | null;
  lossTorch1: number | null;
  profile: [string, number][];
  cpu?: Record<string, number>;
}

interface Row {
  model: ModelName;
  params: number;
  trainableParams: number;
  check?: CheckResult;
  skipped?: string;
  passes: PassResult[];
}

const fmt = (x: number) => x.toFixed(0).padStart(8);
const startLoad = loadavg();
console.log(`load average at start: ${startLoad} (/proc/loadavg)`);
console.log(`batch ${batch}, ${steps} timed steps in ${blocks} blocks, ${warmup} warm-up; twins in ${root}`);

const rows: Row[] = [];
for (const name of models as ModelName[]) {
  const t = prepareTwin(name, runCheck);
  const row: Row = { model: name, params: t.params, trainableParams: t.trainable, passes: [] };
  if (t.check) {
    row.check = t.check;
    if (!(t.check.exact <= CHECK_TOL)) row.skipped = `twin check failed: ${t.check.exact.toExponential(1)}`;
    if (t.check.twinParams !== t.trainable || t.check.twinParams + t.check.twinBuffers !== t.params)
      row.skipped = `twin has ${t.check.twinParams} + ${t.check.twinBuffers} parameters, tfjs ${t.trainable} of ${t.params}`;
  }
  rows.push(row);
}
if (runCheck) {
  console.log(`\ntwin check: one training-mode forward, batch ${checkBatch}, tfjs cpu vs PyTorch, logits`);
  console.log(
    '| model | params (tfjs, incl. BN stats) | max rel. error, TF padding | timed twin (PyTorch k//2 padding) | convs padded differently |',
  );
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const c = r.check as CheckResult;
    console.log(
      `| ${r.model} | ${r.params.toLocaleString('en')} | ${c.exact.toExponential(1)}${r.skipped ? ' **FAIL**' : ''} | ${c.timed.toExponential(1)} | ${c.paddingDiffers.length} |`,
    );
  }
  for (const r of rows) if (r.skipped) console.log(`${r.model}: ${r.skipped}; not timed`);
}

for (const threads of checkOnly ? [] : threadCounts) {
  await setupWasmTrain({
    threads,
    relaxedSimd,
    ...(xnnpackThreadsAsked === undefined ? {} : { xnnpackThreads: Math.min(threads, xnnpackThreadsAsked) }),
  });
  const info = backendInfo();
  const xnnpack = xnnpackThreads() ?? 1;
  const relaxed = relaxedSimdActive() === true;
  console.log(
    `\n==== setupWasmTrain({ threads: ${threads} }) → ${info.summary}, XNNPACK on ${xnnpack}, ${relaxed ? 'relaxed SIMD (fused multiply-adds)' : 'baseline SIMD'} ====`,
  );
  for (const row of rows) {
    if (row.skipped) continue;
    const name = row.model;
    const dir = join(root, name);
    console.log(`\n== ${name}, batch ${batch}, wasm ${info.threads} thread(s) ==`);
    const torch2 = new Torch(dir, 2);
    const torch1 = new Torch(dir, 1);
    await Promise.all([torch2.ready(), torch1.ready()]);
    const wasm = tfjsTrainer(name);
    const sameInit = sameWeightsAsSpec(wasm.model, name, dir);
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
    const pass: PassResult = {
      threads,
      backend: info.summary,
      backendThreads: info.threads,
      xnnpackThreads: xnnpack,
      relaxedSimd: relaxed,
      wasmMs: median(w),
      torch2Ms: median(p2),
      torch1Ms: median(p1),
      ratioTorch2: median(w) / median(p2),
      ratioTorch1: median(w) / median(p1),
      wasmSteps: w.length,
      torchSteps: p2.length,
      tensorsLeaked: leaked,
      sameInitAsTwin: sameInit,
      lossTfjs: wasm.loss(),
      lossTorch2: torch2.lastLoss,
      lossTorch1: torch1.lastLoss,
      profile: [],
    };
    wasm.dispose();
    torch2.close();
    torch1.close();
    console.log(
      `tfjs wasm + wasm-train : ${fmt(pass.wasmMs)} ms/step (median of ${w.length}, ${warmup} warm-up)`,
    );
    console.log(`PyTorch 2 threads      : ${fmt(pass.torch2Ms)} ms/step (median of ${p2.length})`);
    console.log(`PyTorch 1 thread       : ${fmt(pass.torch1Ms)} ms/step (median of ${p1.length})`);
    console.log(
      `ratio wasm ÷ PyTorch(2 threads) = ${pass.ratioTorch2.toFixed(2)}, ÷ PyTorch(1 thread) = ${pass.ratioTorch1.toFixed(2)}`,
    );
    console.log(
      `tensors leaked over the timed steps: ${leaked}; same initial weights as the twin: ${sameInit ? 'yes' : 'NO'}`,
    );
    const l = (x: number | null) => (x === null ? '–' : x.toFixed(4));
    console.log(
      `loss after ${warmup + w.length} steps: tfjs ${l(pass.lossTfjs)}, PyTorch ${l(pass.lossTorch2)} (2T), ${l(pass.lossTorch1)} (1T)`,
    );
    if (withCpu && threads === threadCounts[0] && cpuSteps > 0) {
      const torchSmall = new Torch(dir, 2, cpuBatch);
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
      pass.cpu = {
        cpuBatch,
        cpuMs: median(c),
        cpuSteps: c.length,
        torch2AtCpuBatchMs: pc,
        wasmAtCpuBatchMs: wc,
        ratioCpuTorch2: median(c) / pc,
        ratioCpuWasm: median(c) / wc,
      };
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
    pass.profile = await profileStep(name);
    console.log('top-10 kernels of one wasm step (tf.profile, ms):');
    for (const [k, ms] of pass.profile) console.log(`  ${k.padEnd(28)} ${ms.toFixed(1)}`);
    row.passes.push(pass);
  }
}

const endLoad = loadavg();
if (!checkOnly) {
  const pass = (r: Row, t: number) => r.passes.find((p) => p.threads === t);
  const ms = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(0));
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`;
  // A pass whose backend did not get the threads asked for says so in its cell.
  const wasmCell = (p: PassResult | undefined) =>
    p === undefined
      ? '–'
      : `${ms(p.wasmMs)}${p.backendThreads !== p.threads ? ` (got ${p.backendThreads}T)` : ''}`;
  console.log(
    `\nbatch ${batch}, 28×28×1, Adam 1e-3; median ms/step of ${steps} steps in ${blocks} interleaved blocks; load average ${startLoad} → ${endLoad}`,
  );
  console.log(
    '| model | params | wasm ms (2 threads) | wasm ms (1 thread) | PyTorch 2T | PyTorch 1T | ratio 2T/2T | ratio 1T/1T | leaked |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.skipped) {
      console.log(`| ${r.model} | ${r.params.toLocaleString('en')} | ${r.skipped} | | | | | | |`);
      continue;
    }
    const w2 = pass(r, 2);
    const w1 = pass(r, 1);
    const t2 = (w2 ?? r.passes[0])?.torch2Ms;
    const t1 = (w1 ?? r.passes[0])?.torch1Ms;
    const leaked = r.passes.map((p) => p.tensorsLeaked).join(' / ');
    console.log(
      `| ${r.model} | ${r.params.toLocaleString('en')} | ${wasmCell(w2)} | ${wasmCell(w1)} | ${ms(t2)} | ${ms(t1)} | ${ratio(w2?.wasmMs, t2)} | ${ratio(w1?.wasmMs, t1)} | ${leaked} |`,
    );
  }
  console.log(
    'params: tfjs countParams (incl. BN moving statistics). PyTorch 2T/1T: from the pass of that many wasm threads, interleaved with it.',
  );
  const results = {
    command: `npx tsx train-step/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    loadAverage: { start: startLoad, end: endLoad },
    batch,
    steps,
    blocks,
    warmup,
    torchPadding,
    rows,
  };
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`rows with profiles → ${out}`);
}
console.log(`load average at end: ${endLoad}`);
if (!flag('keep-spec')) rmSync(root, { recursive: true, force: true });
