// P4 (issue #12): the cost of a full recipe step (augment pipeline + mixup/cutmix + label
// smoothing + AdamW + one-cycle schedule + clipping + weight EMA) over a plain step (Adam, hard
// cross-entropy, no augmentation), same model, same backend, same run.
//
//   cd /work/main/bench && npx tsx recipe-step/run.ts [--backend wasm] [--models e1,demo]
//     [--batch 128] [--steps 8] [--repeats 5] [--warmup 3] [--out ../bench/out/recipe-step.json]
//
// Every step is @tftricks/train's own `trainStep` (what `train` runs), built from recipes by its
// `buildRun`, so the bench measures the step `tftricks train` and the demo train with. Four variants per model, each on its own copy of the model (same seed):
//   plain  Adam 1e-3 constant, hard targets (recipes/e1-baseline.yaml's step);
//   optim  plain + label smoothing + AdamW + one-cycle + clipping + EMA (no augmentation);
//   aug    plain + the augment pipeline + mixupOrCutmix (Adam, no other trick);
//   full   everything: recipes/e1-recipe.yaml's step plus mixupOrCutmix (α 0.2 / 1.0, timm's).
// `aug alone` times augment + mix on a batch without any training. Variants run in interleaved
// blocks of --steps steps (the order rotates every repeat) so load drift on this shared machine
// hits all of them; the figures to read are the per-repeat ratios' medians.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { augment } from '@tftricks/augment';
import { type Batch, createRng, setupBackend } from '@tftricks/core';
import { loadFashionMnist, makeBatch } from '@tftricks/data';
import { buildRun, disposeRun, type ModelSpec, type Recipe, type RunParts, trainStep } from '@tftricks/train';
import { loadRecipe } from '@tftricks/train/node';
import { wasmTrain } from '@tftricks/wasm-train';

const argv = process.argv.slice(2);
function opt(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback;
}
const backend = opt('backend', 'wasm');
const modelNames = opt('models', 'e1,demo').split(',');
const batchSize = Number(opt('batch', '128'));
const steps = Number(opt('steps', backend === 'cpu' ? '1' : '8'));
const repeats = Number(opt('repeats', backend === 'cpu' ? '2' : '5'));
const warmupSteps = Number(opt('warmup', backend === 'cpu' ? '1' : '3'));
const outPath = opt('out', fileURLToPath(new URL('../out/recipe-step.json', import.meta.url)));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// The E1 recipes are files of the demo (docs/benchmarks/e1-full-data.md runs them there).
const recipesDir = fileURLToPath(new URL('../../apps/demo/recipes/', import.meta.url));
const e1Recipe = await loadRecipe(`${recipesDir}e1-recipe.yaml`);
const e1Baseline = await loadRecipe(`${recipesDir}e1-baseline.yaml`);
const demoRecipe = await loadRecipe('recipe');
const MODELS: Record<string, ModelSpec> = { e1: e1Recipe.model, demo: demoRecipe.model };

const MIX: Recipe['mix'] = { type: 'mixupOrCutmix', mixupAlpha: 0.2, cutmixAlpha: 1.0 };
/** The four step variants over one model spec. */
function variants(model: ModelSpec): Record<string, Recipe> {
  const plain: Recipe = { ...e1Baseline, name: 'plain', model };
  const tricks = {
    loss: e1Recipe.loss!,
    optimizer: e1Recipe.optimizer,
    schedule: e1Recipe.schedule!,
    ema: e1Recipe.ema!,
  };
  return {
    plain,
    optim: { ...plain, name: 'optim', ...tricks },
    aug: { ...plain, name: 'aug', augment: e1Recipe.augment!, mix: MIX },
    full: { ...plain, name: 'full', ...tricks, augment: e1Recipe.augment!, mix: MIX },
  };
}

await setupBackend(backend as 'wasm' | 'cpu', { wasm: wasmTrain });
const data = await loadFashionMnist({ subset: true });
const train = data.train;
const numClasses = train.numClasses;
const shape = train.imageShape;
// A few real batches, reused (trainStep leaves the raw batch alone); building them is not timed.
const order = createRng(7).permutation(train.labels.length);
const raws: Batch[] = Array.from({ length: 4 }, (_, i) =>
  makeBatch(train, order.slice(i * batchSize, (i + 1) * batchSize)),
);

const load0 = loadavg();
console.log(
  `recipe-step · backend ${tf.getBackend()} · batch ${batchSize} · ${steps} steps × ${repeats} repeats (+${warmupSteps} warm-up) · load ${load0.map((l) => l.toFixed(2)).join(' ')}`,
);

interface ModelResult {
  model: string;
  params: number;
  msPerStep: Record<string, number>;
  augAloneMs: number;
  ratios: Record<string, number>;
  perRepeat: Record<string, number[]>;
}
const results: ModelResult[] = [];
const totalUpdates = warmupSteps + steps * repeats;
for (const name of modelNames) {
  const spec = MODELS[name];
  if (!spec) throw new Error(`unknown model ${name} (e1, demo)`);
  const vs = variants(spec);
  const rng = createRng(1);
  const runs: Record<string, RunParts> = {};
  let params = 0;
  for (const [vName, recipe] of Object.entries(vs)) {
    runs[vName] = buildRun(recipe, { imageShape: shape, numClasses, totalUpdates, seed: 0 });
    params = runs[vName].model.countParams();
  }
  const full = runs.full!;
  let k = 0;
  const block = (parts: RunParts, n: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) trainStep(parts, raws[k++ % raws.length]!, rng);
    return (performance.now() - t0) / n;
  };
  const augAlone = (n: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const raw = raws[k++ % raws.length]!;
      const a = augment(full.augmentation!, raw, rng).batch;
      const m = augment(full.mix!, a, rng).batch;
      m.images.dataSync();
      tf.dispose([a.images, a.targets, m.images, m.targets]);
    }
    return (performance.now() - t0) / n;
  };
  for (const parts of Object.values(runs)) block(parts, warmupSteps);
  augAlone(warmupSteps);
  const names = [...Object.keys(runs), 'augAlone'];
  const perRepeat: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < repeats; r++) {
    // Rotate the order so no variant always runs first (or right after the slowest one).
    const rotated = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    for (const v of rotated) perRepeat[v]!.push(v === 'augAlone' ? augAlone(steps) : block(runs[v]!, steps));
    process.stdout.write(
      `  ${name} repeat ${r + 1}/${repeats}: ${names.map((v) => `${v} ${perRepeat[v]!.at(-1)!.toFixed(0)}`).join(' · ')} ms\n`,
    );
  }
  const ratioOf = (v: string) => median(perRepeat[v]!.map((t, i) => t / perRepeat.plain![i]!));
  const res: ModelResult = {
    model: name,
    params,
    msPerStep: Object.fromEntries(Object.keys(runs).map((v) => [v, median(perRepeat[v]!)])),
    augAloneMs: median(perRepeat.augAlone!),
    ratios: {
      optim: ratioOf('optim'),
      aug: ratioOf('aug'),
      full: ratioOf('full'),
      augAlone: ratioOf('augAlone'),
    },
    perRepeat,
  };
  results.push(res);
  for (const parts of Object.values(runs)) {
    disposeRun(parts);
    parts.model.dispose();
  }
  const over = res.msPerStep.full! - res.msPerStep.plain!;
  console.log(
    `${name} (${params} params): plain ${res.msPerStep.plain!.toFixed(0)} ms · optim ${res.msPerStep.optim!.toFixed(0)} · aug ${res.msPerStep.aug!.toFixed(0)} · full ${res.msPerStep.full!.toFixed(0)} · aug alone ${res.augAloneMs.toFixed(0)}\n` +
      `  full ÷ plain ${res.ratios.full!.toFixed(3)}× · optim ÷ plain ${res.ratios.optim!.toFixed(3)}× · aug ÷ plain ${res.ratios.aug!.toFixed(3)}× · aug alone ÷ plain ${res.ratios.augAlone!.toFixed(3)}×\n` +
      `  overhead ${over.toFixed(0)} ms/step: augment+mix ≈ ${(res.msPerStep.aug! - res.msPerStep.plain!).toFixed(0)} ms, smoothing+AdamW+schedule+clip+EMA ≈ ${(res.msPerStep.optim! - res.msPerStep.plain!).toFixed(0)} ms`,
  );
}
tf.dispose(raws.flatMap((b) => [b.images, b.targets]));
const load1 = loadavg();
console.log(`load ${load1.map((l) => l.toFixed(2)).join(' ')} · numTensors ${tf.memory().numTensors}`);
await writeFile(
  outPath,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      backend: tf.getBackend(),
      batchSize,
      steps,
      repeats,
      warmupSteps,
      loadavgStart: load0,
      loadavgEnd: load1,
      results,
    },
    null,
    2,
  ),
);
console.log(`json: ${outPath}`);
