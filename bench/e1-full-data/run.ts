// E1 (issue #21): one arm × seed of the full-data protocol, through @tftricks/train's `train`.
//
//   cd /work/main/bench && npx tsx e1-full-data/run.ts --arm recipe --seed 0 [--epochs N]
//     [--threads 2] [--backend wasm] [--resume] [--out e1-full-data]
//
// Protocol (docs/benchmarks/e1-full-data.md): Fashion-MNIST's 60k training images minus a
// stratified 5,000-image validation split (split seed 0 for every run), the only basis for
// choosing settings; the official 10,000 test images are scored once at the end, without and
// with flip TTA. Recipes: apps/demo/recipes/e1-<arm>.yaml. A checkpoint after every epoch goes
// to <out>/checkpoints/<arm>-seed<S>.json (its wall time so far beside it); --resume continues
// from it. The finished run is a
// row of <out>/results.json ({ arm, seed, params, epochs, testAcc, testAccTta, valAcc, …}).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BackendName, backendInfo, setupBackend } from '@tftricks/core';
import { loadFashionMnist } from '@tftricks/data';
import { type Checkpoint, evaluateModel, train } from '@tftricks/train';
import { loadRecipe, loadTrainData, readCheckpoint } from '@tftricks/train/node';
import { wasmTrain, winogradEnabled } from '@tftricks/wasm-train';
import { arg } from '../cli-args';

const armName = arg('arm', 'recipe');
const seed = Number(arg('seed', '0'));
const threads = Number(arg('threads', '2'));
const backendName = arg('backend', 'wasm') as BackendName;
const outArg = arg('out', 'e1-full-data');
const out = isAbsolute(outArg) ? outArg : fileURLToPath(new URL(`../${outArg}/`, import.meta.url));
const resume = process.argv.includes('--resume');
const recipeFile = fileURLToPath(new URL(`../../apps/demo/recipes/e1-${armName}.yaml`, import.meta.url));

const recipe = await loadRecipe(recipeFile);
const epochsFlag = arg('epochs', '');
if (epochsFlag) recipe.epochs = Number(epochsFlag);
await setupBackend(backendName, { wasm: wasmTrain, threads });
const backend = backendInfo();
const load0 = loadavg();
console.log(
  `e1 ${armName} seed ${seed}: ${recipe.epochs} epochs, backend ${backend.summary}, load ${load0.map((l) => l.toFixed(2)).join(' ')}`,
);

// The validation split is the same for every run (seed 0); the run's seed drives the rest.
const data = await loadTrainData({ full: true, valSplit: 5000 / 60000, seed: 0 });
const fm = await loadFashionMnist({ dir: '/usr/share/datasets/fashion-mnist' });
const checkpoints = join(out, 'checkpoints');
mkdirSync(checkpoints, { recursive: true });
const checkpointFile = join(checkpoints, `${armName}-seed${seed}.json`);
const start: Checkpoint | undefined =
  resume && existsSync(checkpointFile) ? await readCheckpoint(checkpointFile) : undefined;
// Wall time of the earlier segments of a resumed run (the checkpoint's side file).
const secondsFile = join(checkpoints, `${armName}-seed${seed}.seconds.json`);
const secondsBefore: number =
  start && existsSync(secondsFile) ? JSON.parse(readFileSync(secondsFile, 'utf8')).seconds : 0;
const segmentStart = performance.now();
const logFile = join(out, 'logs', `${armName}-seed${seed}.log`);
mkdirSync(join(out, 'logs'), { recursive: true });
const log = (line: string) => {
  console.log(line);
  writeFileSync(logFile, `${line}\n`, { flag: 'a' });
};
const w = winogradEnabled();
const winograd = w.forward ? (w.filterGradient ? 'on (dW too)' : 'on (forward, dx)') : 'off';
if (start)
  log(
    `resumed at epoch ${start.epoch + 1}, step ${start.stepInEpoch} · ${backend.summary}, Winograd ${winograd} · load ${load0[0]!.toFixed(2)} · ${new Date().toISOString()}`,
  );

// SIGINT / SIGTERM stop after the current step with a checkpoint (continue with --resume).
const abort = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => abort.abort());

const result = await train(recipe, data, {
  seed,
  signal: abort.signal,
  ...(start ? { resume: start } : {}),
  saveCheckpoint: async (cp) => {
    writeFileSync(`${checkpointFile}.tmp`, JSON.stringify(cp));
    renameSync(`${checkpointFile}.tmp`, checkpointFile);
    const seconds = secondsBefore + (performance.now() - segmentStart) / 1000;
    writeFileSync(secondsFile, JSON.stringify({ seconds }));
  },
  callbacks: {
    onEpoch: (e) =>
      log(
        `epoch ${e.epoch + 1}/${e.epochs}: train loss ${e.loss.toFixed(4)} acc ${(100 * e.accuracy).toFixed(2)} · val NLL ${e.valLoss.toFixed(4)} acc ${(100 * e.valAccuracy).toFixed(2)} · lr ${e.lr.toExponential(2)} · load ${loadavg()[0]!.toFixed(2)} · ${new Date().toISOString()}`,
      ),
  },
});

if (result.interrupted) {
  log(`interrupted after ${result.steps} steps: checkpoint ${checkpointFile} (continue with --resume)`);
  result.model.dispose();
  process.exit(0);
}

const numClasses = fm.test.numClasses;
const flipViews = { transforms: ['identity', 'hflip'] as ('identity' | 'hflip')[], merge: 'mean' as const };
// airbench's flip + ±1 px translate views (a recipe's `tta.translate`), scored on the validation
// split too so that the choice between the two TTA sets rests on it, not on the test set.
const translateViews = { ...flipViews, translate: 1 };
const plain = evaluateModel(result.model, fm.test, numClasses);
const flip = evaluateModel(result.model, fm.test, numClasses, { tta: flipViews });
const valFlip = evaluateModel(result.model, data.test, numClasses, { tta: flipViews });
const valTranslate = evaluateModel(result.model, data.test, numClasses, { tta: translateViews });
const testTranslate = evaluateModel(result.model, fm.test, numClasses, { tta: translateViews });
const row = {
  arm: armName,
  seed,
  params: result.params,
  epochs: recipe.epochs,
  steps: result.steps,
  valAcc: result.history.valAccuracy.at(-1),
  testAcc: plain.accuracy,
  testAccTta: flip.accuracy,
  testAccTtaTranslate: testTranslate.accuracy,
  valAccTta: valFlip.accuracy,
  valAccTtaTranslate: valTranslate.accuracy,
  testNll: plain.loss,
  wallSeconds: secondsBefore + result.seconds,
  backend: backend.name,
  threads: backend.threads,
  load: { start: load0, end: loadavg() },
  history: result.history,
};
log(
  `done: test ${(100 * plain.accuracy).toFixed(2)}% (flip TTA ${(100 * flip.accuracy).toFixed(2)}%, flip+translate TTA ${(100 * testTranslate.accuracy).toFixed(2)}%), val ${(100 * valFlip.accuracy).toFixed(2)}% / ${(100 * valTranslate.accuracy).toFixed(2)}% with those TTAs, val ${(100 * (row.valAcc ?? 0)).toFixed(2)}%, ${result.params} params, ${(result.seconds / 60).toFixed(1)} min`,
);
const resultsFile = join(out, 'results.json');
const rows: (typeof row)[] = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
writeFileSync(
  resultsFile,
  `${JSON.stringify([...rows.filter((r) => r.arm !== armName || r.seed !== seed), row], null, 1)}\n`,
);
// The run is recorded: its checkpoint is no longer needed.
rmSync(checkpointFile, { force: true });
rmSync(secondsFile, { force: true });
result.model.dispose();
