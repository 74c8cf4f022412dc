#!/usr/bin/env node
/**
 * tftricks demo (the README's first command): trains a baseline and a recipe of tricks on
 * Fashion-MNIST side by side, on the fastest backend available, and writes an HTML
 * error-analysis report plus a JSON summary.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, setupBackend } from '@tftricks/core';
import { renderReport } from '@tftricks/error-analysis';
import { registerWasmTrainKernels } from '@tftricks/wasm-train';
import { loadDemoData } from './demo-data';
import { distillRun } from './distill-run';
import { kfoldRun } from './kfold-run';
import { loadRecipe, RecipeError } from './load-recipe';
import { pseudoLabelRun } from './pseudo-label-run';
import type { Recipe } from './recipe';
import { type Checkpoint, type RunOptions, type RunResult, trainRun } from './train-run';

/** The flow a recipe asks for: distillation, self-training, k-fold, or one plain run. */
function flowOf(
  recipe: Recipe,
): (r: Recipe, d: Parameters<typeof trainRun>[1], o: RunOptions) => Promise<RunResult> {
  if (recipe.distill) return distillRun;
  if (recipe.pseudoLabel) return pseudoLabelRun;
  if (recipe.kfold) return kfoldRun;
  return trainRun;
}

const HELP = `Usage: pnpm demo [options]

Trains each recipe on Fashion-MNIST and writes an HTML report comparing them.

Options:
  --recipes a,b     recipes to run, built-in names or .yaml/.json paths (default: baseline,recipe)
  --data DIR        Fashion-MNIST IDX folder (default: the subset embedded in @tftricks/data)
  --full            use the full 60k/10k set (Debian's dataset-fashion-mnist, or --data)
  --epochs N        override every recipe's epochs
  --train-limit N   override every recipe's number of training images
  --seed N          seed for data order, augmentation and initialisation (default 0)
  --backend NAME    auto | wasm | cpu | tensorflow (default auto)
  --out DIR         where the report goes (default apps/demo/out)
  --resume FILE     continue a run from a checkpoint written by Ctrl-C or an epoch end
  -h, --help        this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      recipes: { type: 'string', default: 'baseline,recipe' },
      data: { type: 'string' },
      full: { type: 'boolean', default: false },
      epochs: { type: 'string' },
      'train-limit': { type: 'string' },
      seed: { type: 'string', default: '0' },
      backend: { type: 'string', default: 'auto' },
      out: { type: 'string', default: resolve(import.meta.dirname, '..', 'out') },
      resume: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  registerWasmTrainKernels();
  const backend = await setupBackend(values.backend as BackendName);
  const seed = Number(values.seed);
  const outDir = resolve(values.out);
  await mkdir(outDir, { recursive: true });

  const recipes: Recipe[] = [];
  for (const name of values.recipes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const r = await loadRecipe(name);
    if (values.epochs) r.epochs = Number(values.epochs);
    if (values['train-limit']) r.trainLimit = Number(values['train-limit']);
    recipes.push(r);
  }
  const data = await loadDemoData({ dir: values.data, full: values.full });
  console.log(
    `tftricks demo · backend ${backend} · data ${data.source} (${data.train.labels.length} train / ${data.test.labels.length} test) · recipes ${recipes.map((r) => r.name).join(', ')}`,
  );

  const stop = { requested: false };
  process.on('SIGINT', () => {
    if (stop.requested) process.exit(130);
    stop.requested = true;
    console.error('\nCtrl-C: saving a checkpoint after this step (press again to quit at once)…');
  });

  const resume = values.resume
    ? (JSON.parse(await readFile(values.resume, 'utf8')) as Checkpoint)
    : undefined;
  const results: RunResult[] = [];
  // --resume continues the interrupted recipe and runs the ones after it.
  let resuming = resume !== undefined;
  for (const recipe of recipes) {
    if (resuming && recipe.name !== resume!.recipeName) {
      console.log(`skipping ${recipe.name}: the checkpoint resumes ${resume!.recipeName}`);
      continue;
    }
    const resumeThis = resuming ? resume : undefined;
    resuming = false;
    const checkpointPath = join(outDir, `checkpoint-${recipe.name}.json`);
    // Phases without checkpoints (a distillation teacher's own training) stop without saving.
    let saved = false;
    const result = await flowOf(recipe)(recipe, data, {
      seed,
      progress: true,
      label: recipe.name.padEnd(10),
      checkpointPath,
      stop,
      ...(resumeThis ? { resume: resumeThis } : {}),
      save: async (cp) => {
        await writeFile(checkpointPath, JSON.stringify(cp));
        saved = true;
      },
    });
    if (result.interrupted) {
      console.log(
        saved
          ? `checkpoint saved: ${checkpointPath}\nresume with: pnpm demo --recipes ${values.recipes} --resume ${checkpointPath}`
          : `stopped in ${recipe.name} before any checkpoint was written (this phase is not checkpointed); run again to start it over`,
      );
      return;
    }
    console.log(
      `${recipe.name}: test accuracy ${(100 * result.test.accuracy).toFixed(2)}% · NLL ${result.test.loss.toFixed(4)} · ${result.params} params · ${result.seconds.toFixed(1)} s`,
    );
    results.push(result);
  }

  // The report shows the last recipe's errors (the one with the tricks) and every run's curves.
  const main = results[results.length - 1]!;
  const testImages = tf.tidy(() =>
    tf.div(
      tf.tensor4d(Float32Array.from(data.test.pixels), [data.test.labels.length, ...data.test.imageShape]),
      255,
    ),
  ) as tf.Tensor4D;
  const report = await renderReport(
    {
      title: `tftricks demo: ${results.map((r) => `${r.name} ${(100 * r.test.accuracy).toFixed(2)}%`).join(' vs ')}`,
      probs: { data: main.test.probs, shape: [main.test.labels.length, data.train.numClasses] },
      labels: main.test.labels,
      images: testImages,
      classNames: data.train.classNames ?? [],
      history: Object.fromEntries(results.map((r) => [r.name, r.history])),
      schedules: Object.fromEntries(results.map((r) => [r.name, r.schedule.lr])),
    },
    outDir,
    { name: 'report' },
  );
  testImages.dispose();
  const summary = {
    backend,
    data: { source: data.source, train: data.train.labels.length, test: data.test.labels.length },
    seed,
    runs: results.map((r) => ({
      name: r.name,
      testAccuracy: r.test.accuracy,
      testNll: r.test.loss,
      params: r.params,
      seconds: r.seconds,
      steps: r.steps,
      history: r.history,
    })),
  };
  await writeFile(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  for (const r of results) r.model.dispose();
  console.log(`report: ${report.files?.html}\nsummary: ${join(outDir, 'summary.json')}`);
}

main().catch((e: unknown) => {
  if (e instanceof RecipeError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
