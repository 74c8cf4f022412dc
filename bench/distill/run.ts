// Knowledge-distillation efficacy on Fashion-MNIST: the same small CNN student trained alone vs
// distilled from a wider simpleCnn teacher (trained first, once per seed and cached in
// bench/out/distill-teachers/), with the same epochs, augmentation, optimizer, schedule and
// seeds. Prints test (or validation) accuracies per seed and per (T, α).
// It drives @tftricks/train's own flows (train, distillRun), so the bench measures what
// `tftricks train --recipe distill` (and `pnpm demo --recipes distill`) does.
//
// Every model is scored on `--val` images carved from the end of the training split (never
// trained on; the per-epoch evaluation and the only numbers used to choose T and α) and, once at
// the end, on the test split (the reported numbers).
//
// `--teacher-train N` trains the teacher on the first N training images (default: `--train`,
// the students' own images). With N > `--train` the students' images are the first `--train`
// of the teacher's (Hinton et al. 2015, "Soft targets as regularizers": a teacher trained on
// more data, a student on a small transfer set); both student arms still see the same
// `--train` images. N + `--val` may
// not exceed the training split, so the validation images stay unseen by the teacher too.
//
//   cd /work/main/bench && npx tsx distill/run.ts [--seeds 0,1] [--full] [--train 10000]
//     [--val 5000] [--epochs 20] [--teacher-epochs 12] [--teacher-train 55000] [--student 4,8]
//     [--teacher 32,64] [--temperatures 2,4] [--alphas 0.5,0.9] [--batch 64] [--lr 0.003]
//     [--teacher-seed 0] [--no-augment] [--mix mixup:0.2] [--alone-no-mix] [--backend wasm]
//     [--out distill.json]
//
// `--mix type:alpha` (mixup, cutmix) mixes every training batch of BOTH students after the
// crop + flip; the distilled student's teacher then predicts the mixed images (its soft targets
// replace the mixed one-hot labels by weight α). `--alone-no-mix` also trains the student alone
// without the mix, at the same budget, so a mix that merely handicaps the baseline shows.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, setupBackend } from '@tftricks/core';
import { subsetDataset } from '@tftricks/data';
import {
  distillRun,
  evaluateModel,
  type ModelSpec,
  type Recipe,
  train as trainRecipe,
} from '@tftricks/train';
import { loadTrainData } from '@tftricks/train/node';
import { wasmTrain } from '@tftricks/wasm-train';
import { arg, nums } from '../cli-args';
import { loadCachedModel, saveCachedModel } from '../model-cache';

const seeds = nums(arg('seeds', '0,1'));
const full = process.argv.includes('--full');
const trainLimit = Number(arg('train', '10000'));
const valSize = Number(arg('val', '5000'));
const epochs = Number(arg('epochs', '20'));
const teacherEpochs = Number(arg('teacher-epochs', '12'));
// The teacher's training images: the first `teacherTrain` (default: the students' own).
const teacherTrain = Number(arg('teacher-train', String(trainLimit)));
const studentWidths = nums(arg('student', '4,8'));
const teacherWidths = nums(arg('teacher', '32,64'));
const temperatures = nums(arg('temperatures', '2,4'));
const alphas = nums(arg('alphas', '0.5,0.9'));
const batchSize = Number(arg('batch', '64'));
const learningRate = Number(arg('lr', '0.003'));
const augmentOn = !process.argv.includes('--no-augment');
const outName = arg('out', 'distill.json');
const mixArg = arg('mix', '');
const aloneNoMix = process.argv.includes('--alone-no-mix');
// The teacher's seed: one teacher for every student seed (--teacher-seed 0), or by default
// each student seed distills from a teacher of its own seed.
const teacherSeedArg = arg('teacher-seed', '');

/** `--mix mixup:0.2` → the recipe's mix section (Beta(α, α) for mixup and cutmix). */
function parseMix(text: string): Recipe['mix'] {
  if (text === '') return undefined;
  const [type, alpha] = text.split(':');
  if (type !== 'mixup' && type !== 'cutmix') throw new Error(`--mix ${text}: expected mixup:α or cutmix:α`);
  const a = Number(alpha ?? '1');
  if (!(a > 0)) throw new Error(`--mix ${text}: α must be > 0`);
  return { type, alpha: a };
}
const mix = parseMix(mixArg);
if (aloneNoMix && !mix) throw new Error('--alone-no-mix needs --mix');

const backend = await setupBackend(arg('backend', 'wasm') as BackendName, { wasm: wasmTrain });
const data = await loadTrainData({ full });
const nAll = data.train.labels.length;
if (trainLimit + valSize > nAll)
  throw new Error(`--train ${trainLimit} + --val ${valSize} > ${nAll} training images`);
if (!Number.isInteger(teacherTrain) || teacherTrain < 1)
  throw new Error(`--teacher-train ${teacherTrain}: expected a positive integer`);
// The teacher must not see a validation image either: the choices of T and α rest on them.
if (teacherTrain + valSize > nAll)
  throw new Error(`--teacher-train ${teacherTrain} + --val ${valSize} > ${nAll} training images`);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
// Train on the first images, validate on the last ones: disjoint, both from the training split.
const train = subsetDataset(data.train, range(0, trainLimit));
const val = subsetDataset(data.train, range(nAll - valSize, nAll));
const teacherData = teacherTrain === trainLimit ? train : subsetDataset(data.train, range(0, teacherTrain));
console.log(
  `distill bench · backend ${backend} · ${data.source} · train ${trainLimit} · val ${valSize} (last of the training split) · test ${data.test.labels.length} · epochs ${epochs} (teacher ${teacherEpochs} on the first ${teacherTrain} images) · batch ${batchSize} · student simpleCnn [${studentWidths}] no dropout · teacher simpleCnn [${teacherWidths}] · T ${temperatures} × α ${alphas} · augment ${augmentOn} · mix ${mixArg || 'none'}${aloneNoMix ? ' (+ student alone without mix)' : ''}`,
);

// BatchNorm off and flatten heads: BN's moving statistics lag in short runs and a flatten head
// learns far faster than global average pooling at this size (see docs/benchmarks/distill.md).
const head = { convsPerStage: 1, batchNorm: false, pooling: 'flatten' } as const;
// Identical for both students; only `distill` differs. `plain` has no mix: the teacher (and
// the optional unmixed baseline) train with it, so a cached teacher stays valid with --mix.
const plain: Recipe = {
  name: 'student-alone',
  // The tiny student gets no dropout: it underfits already; the teacher keeps the defaults.
  model: { type: 'simpleCnn', widths: studentWidths, ...head, dropout: 0, stageDropout: 0 },
  epochs,
  batchSize,
  augment: augmentOn
    ? [
        { type: 'randomCrop', size: [28, 28], padding: 2 },
        { type: 'randomHorizontalFlip', p: 0.5 },
      ]
    : undefined,
  optimizer: { name: 'adamw', learningRate, weightDecay: 0.05 },
  schedule: { type: 'oneCycle' },
};
const student: Recipe = mix ? { ...plain, mix } : plain;
const teacherSpec: ModelSpec = { type: 'simpleCnn', widths: teacherWidths, ...head };

const out = fileURLToPath(new URL('../out/', import.meta.url));
const cacheDir = `${out}distill-teachers/`;
mkdirSync(cacheDir, { recursive: true });

/**
 * The seed's teacher: trained with the student's recipe (augmentation, optimizer) but its own
 * model, epochs and images (the first `teacherTrain`), validated on `val` only; cached on disk
 * so every arm and every (T, α) of a seed distills from the very same teacher.
 */
async function teacherFor(seed: number): Promise<{ model: tfl.LayersModel; seconds: number }> {
  // n = the teacher's own training images (the students' before --teacher-train existed).
  const key = `${full ? 'full' : 'subset'}-n${teacherTrain}-v${valSize}-[${teacherWidths}]-e${teacherEpochs}-b${batchSize}-lr${learningRate}-aug${augmentOn ? 1 : 0}-s${seed}`;
  const path = `${cacheDir}${key}.json`;
  const cached = loadCachedModel<{ seconds: number }>(
    path,
    teacherSpec,
    train.imageShape,
    train.numClasses,
    seed,
  );
  if (cached) {
    console.log(`seed ${seed} teacher: loaded ${path} (trained in ${cached.meta.seconds.toFixed(0)} s)`);
    return { model: cached.model, seconds: cached.meta.seconds };
  }
  const run = await trainRecipe(
    { ...plain, name: 'teacher', model: teacherSpec, epochs: teacherEpochs },
    { train: teacherData, test: val },
    { seed },
  );
  saveCachedModel(path, run.model, { seconds: run.seconds });
  console.log(`seed ${seed} teacher: trained in ${run.seconds.toFixed(0)} s, saved ${path}`);
  return { model: run.model, seconds: run.seconds };
}

interface Score {
  val: number;
  test: number;
}
interface Row {
  seed: number;
  teacher: Score;
  teacherSeconds: number;
  alone: Score;
  aloneSeconds: number;
  /** The student alone without the mix (with --alone-no-mix), same budget. */
  aloneNoMix?: Score & { seconds: number };
  distilled: ({ temperature: number; alpha: number; seconds: number } & Score)[];
}
const rows: Row[] = [];
const pct = (x: number) => (100 * x).toFixed(2);
const testOf = (model: tfl.LayersModel) => evaluateModel(model, data.test, train.numClasses).accuracy;
for (const seed of seeds) {
  const teacher = await teacherFor(teacherSeedArg === '' ? seed : Number(teacherSeedArg));
  const teacherAcc = {
    val: evaluateModel(teacher.model, val, train.numClasses).accuracy,
    test: testOf(teacher.model),
  };
  console.log(
    `seed ${seed} teacher: val ${pct(teacherAcc.val)}% test ${pct(teacherAcc.test)}% (${teacher.model.countParams()} params)`,
  );
  const alone = await trainRecipe(student, { train, test: val }, { seed });
  const aloneAcc = { val: alone.test.accuracy, test: testOf(alone.model) };
  console.log(
    `seed ${seed} student alone: val ${pct(aloneAcc.val)}% test ${pct(aloneAcc.test)}% (${alone.seconds.toFixed(0)} s, ${alone.steps} steps, ${alone.params} params)`,
  );
  alone.model.dispose();
  let unmixed: Row['aloneNoMix'];
  if (aloneNoMix) {
    const run = await trainRecipe({ ...plain, name: 'student-alone-no-mix' }, { train, test: val }, { seed });
    unmixed = { val: run.test.accuracy, test: testOf(run.model), seconds: run.seconds };
    console.log(
      `seed ${seed} student alone without mix: val ${pct(unmixed.val)}% test ${pct(unmixed.test)}% (${run.seconds.toFixed(0)} s, ${run.steps} steps)`,
    );
    run.model.dispose();
  }
  const row: Row = {
    seed,
    teacher: teacherAcc,
    teacherSeconds: teacher.seconds,
    alone: aloneAcc,
    aloneSeconds: alone.seconds,
    ...(unmixed ? { aloneNoMix: unmixed } : {}),
    distilled: [],
  };
  for (const temperature of temperatures)
    for (const alpha of alphas) {
      const kd = await distillRun(
        {
          ...student,
          name: 'student-distilled',
          distill: { teacher: teacherSpec, teacherEpochs, temperature, alpha },
        },
        { train, test: val },
        { seed, teacher: teacher.model, callbacks: { onLog: console.log } },
      );
      const acc = { val: kd.test.accuracy, test: testOf(kd.model) };
      console.log(
        `seed ${seed} student distilled T ${temperature} α ${alpha}: val ${pct(acc.val)}% (Δ ${(100 * (acc.val - aloneAcc.val)).toFixed(2)}) test ${pct(acc.test)}% (Δ ${(100 * (acc.test - aloneAcc.test)).toFixed(2)}) (${kd.seconds.toFixed(0)} s, ${kd.steps} steps)`,
      );
      kd.model.dispose();
      row.distilled.push({ temperature, alpha, seconds: kd.seconds, ...acc });
    }
  teacher.model.dispose();
  rows.push(row);
  writeFileSync(
    `${out}${outName}`,
    JSON.stringify(
      {
        backend,
        full,
        trainLimit,
        valSize,
        epochs,
        teacherEpochs,
        teacherTrain,
        studentWidths,
        teacherWidths,
        teacherSeed: teacherSeedArg === '' ? 'per student seed' : Number(teacherSeedArg),
        batchSize,
        learningRate,
        augmentOn,
        mix: mix ?? null,
        rows,
      },
      null,
      2,
    ),
  );
}

const configs = rows[0]?.distilled.map((d) => `T ${d.temperature} α ${d.alpha}`) ?? [];
const mean = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;
for (const split of ['val', 'test'] as const) {
  console.log(
    `\n${split} accuracy % (Δ vs student alone, pt)\n| seed | teacher | ${aloneNoMix ? 'alone without mix | ' : ''}student alone | ${configs.join(' | ')} |\n|---|---|---|${aloneNoMix ? '---|' : ''}${configs.map(() => '---|').join('')}`,
  );
  for (const r of rows)
    console.log(
      `| ${r.seed} | ${pct(r.teacher[split])} | ${r.aloneNoMix ? `${pct(r.aloneNoMix[split])} | ` : ''}${pct(r.alone[split])} | ${r.distilled.map((d) => `${pct(d[split])} (${signed(d[split] - r.alone[split])})`).join(' | ')} |`,
    );
  console.log(
    `| mean | ${pct(mean((r) => r.teacher[split]))} | ${aloneNoMix ? `${pct(mean((r) => r.aloneNoMix?.[split] ?? Number.NaN))} | ` : ''}${pct(mean((r) => r.alone[split]))} | ${configs.map((_, j) => `${pct(mean((r) => r.distilled[j]![split]))} (${signed(mean((r) => r.distilled[j]![split] - r.alone[split]))})`).join(' | ')} |`,
  );
}
