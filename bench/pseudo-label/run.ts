// Pseudo-label (self-training, Noisy Student) efficacy on Fashion-MNIST: keep 10% of the
// training labels (stratified), train on them alone, then self-train for --rounds rounds on the
// other 90% used as unlabeled images. Prints test accuracies, per-round coverage and
// pseudo-label accuracy. It drives the demo's own flow (apps/demo/src/pseudo-label-run.ts).
// The labeled-only model trains on its labels repeated ≈ 1/fraction times, i.e. as many steps
// as each student, so a gain is not just more optimizer steps.
//
//   cd /work/main/bench && npx tsx pseudo-label/run.ts [--seeds 0,1] [--train 5000]
//     [--fraction 0.1] [--epochs 4] [--rounds 2] [--threshold 0.9] [--balance]
//     [--widths 16,32] [--convs 1] [--bn] [--full] [--backend wasm]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BackendName, setupBackend } from '@tftricks/core';
import { registerWasmTrainKernels } from '@tftricks/wasm-train';
import { loadDemoData } from '../../apps/demo/src/demo-data';
import { pseudoLabelRun } from '../../apps/demo/src/pseudo-label-run';
import type { Recipe } from '../../apps/demo/src/recipe';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const ints = (s: string) => s.split(',').map(Number);
const seeds = ints(arg('seeds', '0,1'));
const trainLimit = Number(arg('train', '5000'));
const fraction = Number(arg('fraction', '0.1'));
const epochs = Number(arg('epochs', '4'));
const rounds = Number(arg('rounds', '2'));
const threshold = Number(arg('threshold', '0.9'));
const balance = process.argv.includes('--balance');
const widths = ints(arg('widths', '16,32'));
const convsPerStage = Number(arg('convs', '1'));
// BatchNorm's moving statistics (momentum 0.99) are still far from the data after the few
// hundred steps these runs afford, so evaluation would measure them, not the model: off unless
// --bn. A flatten head learns far faster than global average pooling in that budget.
const batchNorm = process.argv.includes('--bn');

registerWasmTrainKernels();
const backend = await setupBackend(arg('backend', 'wasm') as BackendName);
const data = await loadDemoData({ full: process.argv.includes('--full') });
console.log(
  `pseudo-label bench · backend ${backend} · ${data.source} · pool ${trainLimit}, ${100 * fraction}% labeled · test ${data.test.labels.length} · simpleCnn [${widths}] · ${convsPerStage} conv/stage · BN ${batchNorm} · flatten head · epochs ${epochs} · rounds ${rounds} · threshold ${threshold} · balance ${balance}`,
);

const recipe: Recipe = {
  name: 'pseudo-label',
  model: { type: 'simpleCnn', widths, convsPerStage, batchNorm, pooling: 'flatten' },
  epochs,
  batchSize: 64,
  trainLimit,
  augment: [
    { type: 'randomCrop', size: [28, 28], padding: 2 },
    { type: 'randomHorizontalFlip', p: 0.5 },
  ],
  optimizer: { name: 'adamw', learningRate: 0.003, weightDecay: 0.05 },
  schedule: { type: 'oneCycle' },
  pseudoLabel: { labeledFraction: fraction, rounds, threshold, balance },
};

interface Row {
  seed: number;
  labeledOnly: number;
  selfTrained: number;
  rounds: { coverage: number; kept: number; pseudoAccuracy: number | null; studentAccuracy: number }[];
}
const rows: Row[] = [];
for (const seed of seeds) {
  const run = await pseudoLabelRun(recipe, data, { seed });
  run.model.dispose();
  rows.push({
    seed,
    labeledOnly: run.labeledOnlyAccuracy,
    selfTrained: run.test.accuracy,
    rounds: run.rounds.map((r) => ({
      coverage: r.coverage,
      kept: r.kept,
      pseudoAccuracy: r.pseudoAccuracy,
      studentAccuracy: r.studentAccuracy,
    })),
  });
}

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(2));
console.log(`\n| seed | labeled-only | self-trained | Δ (pt) |\n|---|---|---|---|`);
for (const r of rows)
  console.log(
    `| ${r.seed} | ${pct(r.labeledOnly)} | ${pct(r.selfTrained)} | ${(100 * (r.selfTrained - r.labeledOnly)).toFixed(2)} |`,
  );
console.log(
  '\n| seed | round | kept | coverage % | pseudo-label acc % | student test acc % |\n|---|---|---|---|---|---|',
);
for (const r of rows)
  r.rounds.forEach((q, i) =>
    console.log(
      `| ${r.seed} | ${i + 1} | ${q.kept} | ${pct(q.coverage)} | ${pct(q.pseudoAccuracy)} | ${pct(q.studentAccuracy)} |`,
    ),
  );
const out = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(
  `${out}pseudo-label.json`,
  JSON.stringify(
    { backend, trainLimit, fraction, epochs, rounds, threshold, balance, widths, rows },
    null,
    2,
  ),
);
