// Pseudo-label (self-training, Noisy Student) efficacy on Fashion-MNIST: keep --fraction of the
// pool's labels (stratified), train on them alone (the labeled-only baseline, which is also the
// first teacher), then self-train for each --configs setting on the rest of the pool used as
// unlabeled images. Prints accuracies, per-round coverage and pseudo-label accuracy.
// It drives @tftricks/train's own flow (pseudoLabelRun). By default every model
// (baseline and each student of each round) trains the same number of optimizer steps, so a gain
// is not just more steps.
//
// Budgets per arm: --baseline-epochs 4,8 also trains the labeled-only model at those epochs
// (each scored on val and test); the one best on validation is then the reference (the
// teacher, the Δ baseline and the student budget's unit). --student-steps-factor F gives every
// student exactly F × the reference's steps (default 1: equal steps), e.g. a longer budget for
// the ~10× larger merged set. --student-widths 32,64 trains a larger student than the teacher
// (Noisy Student); --configs none trains the labeled-only models only.
//
// Every model is scored on `--val` images carved from the end of the training split (outside
// the pool: neither labeled nor unlabeled; the per-epoch evaluation and the only numbers used to
// choose a setting) and, once at the end, on the test split (the reported numbers).
//
//   cd /work/main/bench && npx tsx pseudo-label/run.ts [--seeds 0,1] [--full] [--train 10000]
//     [--val 5000] [--fraction 0.1] [--epochs 8] [--widths 16,32]
//     [--configs "threshold=0.9;threshold=0.7,balance=1,max=600,share=0.5,rounds=2"]
//     [--long-baseline] [--baseline-epochs 4,8] [--student-steps-factor 2]
//     [--student-widths 32,64] [--oracle-epochs 8,16] [--oracle-only] [--tta] [--backend wasm]
//     [--out pseudo-label.json]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, setupBackend } from '@tftricks/core';
import { type ImageDataset, subsetDataset } from '@tftricks/data';
import {
  evaluateModel,
  pseudoLabelRun,
  type Recipe,
  type RunResult,
  splitLabeled,
  train as trainRecipe,
} from '@tftricks/train';
import { loadTrainData } from '@tftricks/train/node';
import { wasmTrain } from '@tftricks/wasm-train';
import { arg, nums } from '../cli-args';
import { loadCachedModel, saveCachedModel } from '../model-cache';

const seeds = nums(arg('seeds', '0,1'));
const full = process.argv.includes('--full');
const poolSize = Number(arg('train', '10000'));
const valSize = Number(arg('val', '5000'));
const fraction = Number(arg('fraction', '0.1'));
const epochs = Number(arg('epochs', '8'));
const widths = nums(arg('widths', '16,32'));
const longBaseline = process.argv.includes('--long-baseline');
const extraEpochs = nums(arg('baseline-epochs', '')).filter((e) => e > 0 && e !== epochs);
const studentFactor = Number(arg('student-steps-factor', '1'));
// The ceiling: the same model trained on every pool image with its true label, at these epochs
// (the pool has as many rows as the labeled-only set repeated, so as many steps per epoch).
const oracleEpochs = nums(arg('oracle-epochs', '')).filter((e) => e > 0);
const oracleOnly = process.argv.includes('--oracle-only');
// Test-time augmentation (identity + horizontal flip) for every evaluation of every model and for
// the pseudo-labelling teacher: the recipe's `tta` section.
const ttaViews: Recipe['tta'] = process.argv.includes('--tta')
  ? { transforms: ['identity', 'hflip'] }
  : undefined;
// A larger student than the teacher (Noisy Student), e.g. 32,64; default: the teacher's widths.
const studentWidths = arg('student-widths', '') ? nums(arg('student-widths', '')) : null;
if (!(studentFactor > 0)) throw new Error(`--student-steps-factor must be > 0, got ${studentFactor}`);
const outName = arg('out', 'pseudo-label.json');
type PL = NonNullable<Recipe['pseudoLabel']>;
// "threshold=0.7,balance=1,share=0.5,rounds=2": one self-training setting.
// "none": labeled-only models only.
const configsArg = arg('configs', 'threshold=0.9');
const configs: Omit<PL, 'labeledFraction'>[] = (configsArg === 'none' ? [] : configsArg.split(';')).map(
  (c) => {
    const kv = Object.fromEntries(c.split(',').map((p) => p.split('=') as [string, string]));
    for (const k of Object.keys(kv))
      if (!['threshold', 'balance', 'share', 'rounds', 'max'].includes(k))
        throw new Error(`--configs: unknown key ${k}`);
    return {
      threshold: Number(kv.threshold ?? 0.9),
      balance: kv.balance === '1',
      rounds: Number(kv.rounds ?? 1),
      ...(kv.share !== undefined ? { labeledShare: Number(kv.share) } : {}),
      ...(kv.max !== undefined ? { maxPerClass: Number(kv.max) } : {}),
    };
  },
);
const label = (c: (typeof configs)[number]) =>
  `threshold ${c.threshold}${c.balance ? ' balanced' : ''}${c.maxPerClass !== undefined ? ` ≤${c.maxPerClass}/class` : ''}${c.labeledShare !== undefined ? ` share ${c.labeledShare}` : ''} × ${c.rounds} round${c.rounds > 1 ? 's' : ''}`;

const backend = await setupBackend(arg('backend', 'wasm') as BackendName, { wasm: wasmTrain });
const data = await loadTrainData({ full });
const nAll = data.train.labels.length;
if (poolSize + valSize > nAll)
  throw new Error(`--train ${poolSize} + --val ${valSize} > ${nAll} training images`);
// The pool is the first --train images (pseudoLabelRun's trainLimit); validation the last ones.
const val = subsetDataset(
  data.train,
  Array.from({ length: valSize }, (_, i) => nAll - valSize + i),
);
console.log(
  `pseudo-label bench · backend ${backend} · ${data.source} · pool ${poolSize}, ${100 * fraction}% labeled · val ${valSize} · test ${data.test.labels.length} · simpleCnn [${widths}] · epochs ${epochs}${extraEpochs.length ? ` (+ labeled-only at ${extraEpochs} epochs, best on val is the reference)` : ''} · student steps ×${studentFactor}${studentWidths ? ` · student simpleCnn [${studentWidths}]` : ''}${ttaViews ? ' · TTA identity + hflip' : ''} · ${configs.map(label).join(' | ')}`,
);

const base: Recipe = {
  name: 'pseudo-label',
  // BatchNorm off, flatten head: see docs/benchmarks/pseudo-label.md. Default dropout is noise.
  model: { type: 'simpleCnn', widths, convsPerStage: 1, batchNorm: false, pooling: 'flatten' },
  epochs,
  batchSize: 64,
  trainLimit: poolSize,
  augment: [
    { type: 'randomCrop', size: [28, 28], padding: 2 },
    { type: 'randomHorizontalFlip', p: 0.5 },
  ],
  optimizer: { name: 'adamw', learningRate: 0.003, weightDecay: 0.05 },
  schedule: { type: 'oneCycle' },
  ...(ttaViews ? { tta: ttaViews } : {}),
};

interface Score {
  val: number;
  test: number;
}
interface Baseline extends Score {
  epochs: number;
  steps: number;
  seconds: number;
}
interface Row {
  seed: number;
  /** The reference labeled-only model (best on val among `baselines`; the --epochs one by default). */
  labeledOnly: Score;
  labeledOnlySteps: number;
  labeledOnlySeconds: number;
  labeledOnlyEpochs: number;
  /** Every labeled-only budget trained (--epochs, then --baseline-epochs). */
  baselines: Baseline[];
  /** The same model on every pool image with its true label (--oracle-epochs): the ceiling. */
  oracle: Baseline[];
  labeledOnlyLong: Score | null;
  settings: ({
    config: string;
    seconds: number;
    steps: number;
    rounds: {
      kept: number;
      coverage: number;
      pseudoAccuracy: number | null;
      studentValAccuracy: number;
      studentTestAccuracy: number;
      perClassCounts: number[];
    }[];
  } & Score)[];
}
const rows: Row[] = [];
const oracleRows: { seed: number; oracle: Baseline[] }[] = [];
const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(2));
const testOf = (model: tfl.LayersModel) =>
  evaluateModel(model, data.test, data.train.numClasses, { tta: ttaViews }).accuracy;
/** A trained run's budget and scores: val from its own evaluation, test scored here. */
const scored = (run: RunResult, epochs: number): Baseline => ({
  epochs,
  steps: run.steps,
  seconds: run.seconds,
  val: run.test.accuracy,
  test: testOf(run.model),
});
const out = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(out, { recursive: true });
const cacheDir = `${out}pseudo-label-models/`;
mkdirSync(cacheDir, { recursive: true });

/**
 * `train` of a labeled-only (or oracle) model, cached on disk by everything that determines
 * it (training is deterministic for a seed; `--tta` changes evaluation only, so it is not part
 * of the key), so later settings can be taught by the very same model without retraining it.
 */
async function cachedRun(recipe: Recipe, train: ImageDataset, seed: number, key: string): Promise<RunResult> {
  const path = `${cacheDir}${full ? 'full' : 'subset'}-n${poolSize}-v${valSize}-f${fraction}-[${widths}]-e${recipe.epochs}-${key}-s${seed}.json`;
  const cached = loadCachedModel<Omit<RunResult, 'model'>>(
    path,
    recipe.model,
    train.imageShape,
    train.numClasses,
    seed,
  );
  if (cached) {
    console.log(`seed ${seed} ${key} ${recipe.epochs} epochs: loaded ${path}`);
    // Evaluation does not change training: the cache holds the weights, the score is redone
    // with this run's views.
    const test = evaluateModel(cached.model, val, train.numClasses, { tta: recipe.tta });
    return { ...cached.meta, model: cached.model, test };
  }
  const run = await trainRecipe(recipe, { train, test: val }, { seed });
  const { model, ...meta } = run;
  saveCachedModel(path, model, meta);
  return run;
}
for (const seed of seeds) {
  const split = splitLabeled(
    { ...base, pseudoLabel: { labeledFraction: fraction, rounds: 1, threshold: 1 } },
    data.train,
    seed,
  );
  const oracle: Baseline[] = [];
  const pool = subsetDataset(
    data.train,
    Array.from({ length: split.n }, (_, i) => i),
  );
  for (const e of oracleEpochs) {
    const run = await cachedRun(
      { ...base, trainLimit: undefined, epochs: e, name: 'pseudo-label-oracle' },
      pool,
      seed,
      'oracle',
    );
    const o = scored(run, e);
    run.model.dispose();
    oracle.push(o);
    console.log(
      `seed ${seed} oracle: all ${split.n} pool images with true labels, ${e} epochs (${run.steps} steps): val ${pct(o.val)}% test ${pct(o.test)}% (${run.seconds.toFixed(0)} s)`,
    );
  }
  if (oracleOnly) {
    oracleRows.push({ seed, oracle });
    writeFileSync(
      `${out}${outName}`,
      JSON.stringify({ poolSize, valSize, widths, rows: oracleRows }, null, 2),
    );
    continue;
  }
  // The same run pseudoLabelRun would make for its labeled-only teacher (same recipe, set, seed),
  // at every labeled-only budget asked for; the best on validation is the reference.
  const baselines: Baseline[] = [];
  let labeledOnly: RunResult | null = null;
  let refEpochs = epochs;
  for (const e of [epochs, ...extraEpochs]) {
    const run = await cachedRun(
      { ...base, trainLimit: undefined, epochs: e, name: 'pseudo-label-labeled' },
      split.labeledRepeated,
      seed,
      'labeled',
    );
    const b = scored(run, e);
    baselines.push(b);
    console.log(
      `seed ${seed} labeled-only ${e} epochs (${split.labeled.labels.length} labels ×${split.repeats}, ${run.steps} steps): val ${pct(b.val)}% test ${pct(b.test)}% (${run.seconds.toFixed(0)} s)`,
    );
    // Strictly better on validation replaces the reference (ties keep the shorter budget).
    if (labeledOnly === null || run.test.accuracy > labeledOnly.test.accuracy) {
      labeledOnly?.model.dispose();
      labeledOnly = run;
      refEpochs = e;
    } else run.model.dispose();
  }
  if (labeledOnly === null) throw new Error('no labeled-only model');
  const ref = baselines.find((b) => b.epochs === refEpochs)!;
  const baseAcc = { val: ref.val, test: ref.test };
  const studentSteps = studentFactor === 1 ? undefined : Math.round(studentFactor * labeledOnly.steps);
  if (extraEpochs.length || studentSteps !== undefined)
    console.log(
      `seed ${seed} reference labeled-only: ${refEpochs} epochs (${labeledOnly.steps} steps, best on val); students: ${studentSteps ?? labeledOnly.steps} steps`,
    );
  let long: Score | null = null;
  if (longBaseline) {
    // Is the baseline converged? The same model with twice the steps.
    const run = await trainRecipe(
      { ...base, trainLimit: undefined, epochs: 2 * refEpochs, name: 'pseudo-label-labeled-long' },
      { train: split.labeledRepeated, test: val },
      { seed },
    );
    long = { val: run.test.accuracy, test: testOf(run.model) };
    console.log(
      `seed ${seed} labeled-only ×2 steps (${run.steps}): val ${pct(long.val)}% test ${pct(long.test)}% (${run.seconds.toFixed(0)} s)`,
    );
    run.model.dispose();
  }
  const row: Row = {
    seed,
    oracle,
    labeledOnly: baseAcc,
    labeledOnlySteps: labeledOnly.steps,
    labeledOnlySeconds: labeledOnly.seconds,
    labeledOnlyEpochs: refEpochs,
    baselines,
    labeledOnlyLong: long,
    settings: [],
  };
  for (const c of configs) {
    // Every round's student is scored on test too, so one run with rounds=2 also gives the
    // one-round student's numbers (chosen on validation all the same).
    const roundTests: number[] = [];
    const run = await pseudoLabelRun(
      { ...base, epochs: refEpochs, pseudoLabel: { labeledFraction: fraction, ...c } },
      { train: data.train, test: val },
      {
        seed,
        labeledOnly,
        callbacks: { onLog: console.log },
        ...(studentSteps !== undefined ? { studentSteps } : {}),
        ...(studentWidths ? { studentModel: { ...base.model, widths: studentWidths } } : {}),
        onStudent: (_round, student) => {
          roundTests.push(testOf(student.model));
        },
      },
    );
    const acc = { val: run.test.accuracy, test: testOf(run.model) };
    run.model.dispose();
    console.log(
      `seed ${seed} ${label(c)}: val ${pct(acc.val)}% (Δ ${(100 * (acc.val - baseAcc.val)).toFixed(2)}) test ${pct(acc.test)}% (Δ ${(100 * (acc.test - baseAcc.test)).toFixed(2)}) (${run.seconds.toFixed(0)} s, ${run.steps} steps)`,
    );
    row.settings.push({
      config: label(c),
      seconds: run.seconds,
      steps: run.steps,
      ...acc,
      rounds: run.rounds.map((r, i) => ({
        kept: r.kept,
        studentTestAccuracy: roundTests[i]!,
        coverage: r.coverage,
        pseudoAccuracy: r.pseudoAccuracy,
        studentValAccuracy: r.studentAccuracy,
        perClassCounts: r.perClassCounts,
      })),
    });
  }
  labeledOnly.model.dispose();
  rows.push(row);
  writeFileSync(
    `${out}${outName}`,
    JSON.stringify(
      {
        backend,
        full,
        poolSize,
        valSize,
        fraction,
        epochs,
        extraEpochs,
        studentFactor,
        widths,
        tta: ttaViews ?? null,
        rows,
      },
      null,
      2,
    ),
  );
}

// --oracle-only printed its lines as it went: no labeled-only or student tables to print.
if (oracleOnly) process.exit(0);
const mean = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;
if (extraEpochs.length) {
  console.log(
    '\nlabeled-only budgets (the reference is the best on val)\n| seed | epochs | steps | val % | test % | seconds |\n|---|---|---|---|---|---|',
  );
  for (const r of rows)
    for (const b of r.baselines)
      console.log(
        `| ${r.seed} | ${b.epochs}${b.epochs === r.labeledOnlyEpochs ? ' (reference)' : ''} | ${b.steps} | ${pct(b.val)} | ${pct(b.test)} | ${b.seconds.toFixed(0)} |`,
      );
}
for (const sp of ['val', 'test'] as const) {
  console.log(
    `\n${sp} accuracy % (Δ vs labeled-only, pt)\n| seed | labeled-only |${longBaseline ? ' labeled-only ×2 steps |' : ''} ${configs.map(label).join(' | ')} |\n|---|---|${longBaseline ? '---|' : ''}${configs.map(() => '---|').join('')}`,
  );
  for (const r of rows)
    console.log(
      `| ${r.seed} | ${pct(r.labeledOnly[sp])} |${longBaseline ? ` ${pct(r.labeledOnlyLong?.[sp] ?? null)} |` : ''} ${r.settings.map((s) => `${pct(s[sp])} (${signed(s[sp] - r.labeledOnly[sp])})`).join(' | ')} |`,
    );
  console.log(
    `| mean | ${pct(mean((r) => r.labeledOnly[sp]))} |${longBaseline ? ` ${pct(mean((r) => r.labeledOnlyLong?.[sp] ?? Number.NaN))} |` : ''} ${configs.map((_, j) => `${pct(mean((r) => r.settings[j]![sp]))} (${signed(mean((r) => r.settings[j]![sp] - r.labeledOnly[sp]))})`).join(' | ')} |`,
  );
}
console.log(
  '\n| seed | setting | round | kept | coverage % | pseudo-label acc % | student val acc % | student test acc % |\n|---|---|---|---|---|---|---|---|',
);
for (const r of rows)
  for (const s of r.settings)
    s.rounds.forEach((q, i) =>
      console.log(
        `| ${r.seed} | ${s.config} | ${i + 1} | ${q.kept} | ${pct(q.coverage)} | ${pct(q.pseudoAccuracy)} | ${pct(q.studentValAccuracy)} | ${pct(q.studentTestAccuracy)} |`,
      ),
    );
