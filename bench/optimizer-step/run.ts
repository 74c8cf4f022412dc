// Optimizer-step benchmark: tftricks `adamw` / `adam` (TricksOptimizer) vs `tf.train.adam`, same
// backend, same run, 1M parameters in 10 tensors. Prints ms per update and the ratios, then
// PyTorch 1.13's AdamW on the same parameters for scale. Run: cd bench && npx tsx optimizer-step/run.ts
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { adam, adamw, TricksOptimizer } from '@tftricks/optimizers';

const SHAPES = Array.from({ length: 10 }, () => [250, 400]); // 10 × 100,000 = 1,000,000 parameters
const WARMUP = 3;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
// The cpu backend is plain JS (about 1 s per 1M-parameter update here), so it gets fewer updates per round.
const stepsFor = (backend: string) => Number(process.env.STEPS ?? (backend === 'cpu' ? 3 : 10));

type Step = () => void;

function setup(name: string, makeOpt: () => tf.Optimizer): { step: Step; dispose: () => void } {
  const vars = tf.tidy(() =>
    SHAPES.map((s, i) => tf.variable(tf.randomUniform(s, -1, 1, 'float32', i), true, `${name}/p${i}`)),
  );
  const grads: tf.NamedTensorMap = {};
  vars.forEach((v, i) => {
    grads[v.name] = tf.randomNormal(v.shape, 0, 0.01, 'float32', 100 + i);
  });
  const opt = makeOpt();
  return {
    step: () => opt.applyGradients(grads),
    dispose: () => {
      opt.dispose();
      tf.dispose([...vars, ...Object.values(grads)]);
    },
  };
}

function msPerStep(step: Step, steps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  // Both backends here are synchronous; one read-back makes sure all work is done.
  tf.engine().registeredVariables[Object.keys(tf.engine().registeredVariables)[0]!]!.dataSync();
  return (performance.now() - t0) / steps;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[] = [];
for (const backend of (process.env.BACKENDS ?? 'cpu,wasm').split(',')) {
  await tf.setBackend(backend);
  await tf.ready();
  const contenders = {
    'tf.train.adam': setup(`${backend}-tfadam`, () => tf.train.adam(1e-3)),
    'tftricks adamw': setup(
      `${backend}-adamw`,
      () => new TricksOptimizer(adamw({ learningRate: 1e-3, weightDecay: 1e-2 })),
    ),
    'tftricks adam': setup(`${backend}-adam`, () => new TricksOptimizer(adam({ learningRate: 1e-3 }))),
  };
  const times: Record<string, number[]> = {};
  for (const [name, c] of Object.entries(contenders)) {
    for (let i = 0; i < WARMUP; i++) c.step();
    times[name] = [];
  }
  // Interleave rounds so that machine noise hits every contender alike.
  // Alternate the order each round, so that no contender always runs first or last.
  for (let r = 0; r < ROUNDS; r++) {
    const order = Object.entries(contenders);
    if (r % 2 === 1) order.reverse();
    for (const [name, c] of order) times[name]!.push(msPerStep(c.step, stepsFor(backend)));
  }
  const base = median(times['tf.train.adam']!);
  for (const [name, c] of Object.entries(contenders)) {
    const m = median(times[name]!);
    rows.push(`| ${backend} | ${name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)}× |`);
    c.dispose();
  }
  console.error(`${backend}: done, numTensors ${tf.memory().numTensors}`);
}

const torch = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('./torch_adamw.py', import.meta.url))], {
  encoding: 'utf8',
});
console.log(
  `1M parameters in 10 tensors of [250, 400]; median of ${ROUNDS} interleaved rounds of ${stepsFor('cpu')} (cpu) / ${stepsFor('wasm')} (wasm) updates.\n`,
);
console.log('| backend | optimizer | ms / update | vs tf.train.adam |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(r);
if (torch.status === 0) {
  for (const line of torch.stdout.trim().split('\n')) {
    const [name, ms] = line.split('\t');
    console.log(`| torch 1.13 (CPU, 2 threads) | ${name} | ${ms} | — |`);
  }
} else console.log(`(PyTorch reference skipped: ${torch.stderr.trim().split('\n').pop()})`);
