import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backendInfo, TricksError } from '@tftricks/core';
import { BUILT_IN_RECIPES } from '../built-in-recipes';
import type { Recipe } from '../recipe';
import { train } from '../train';
import type { RunResult, TrainCallbacks } from '../train-options';
import { loadRecipe } from './load-recipe';
import { type LoadedTrainData, loadTrainData } from './load-train-data';
import { ProgressBar, type ProgressStream } from './progress-bar';
import { readCheckpoint } from './read-checkpoint';
import { saveModelFiles } from './save-model-files';
import { writeRunReport } from './write-run-report';

/** How a program runs {@link trainCommand}: its name, defaults and backend. */
export interface TrainCommandHost {
  /** The command as a user types it, for `--help` and the resume hint: `tftricks train`, `pnpm demo`. */
  program: string;
  /** A paragraph above the options in `--help`. */
  about: string;
  /**
   * Picks and initialises the tfjs backend named by `--backend`, on `--threads` threads where
   * the backend has them (undefined: every core); returns the one in use.
   */
  setupBackend: (name: string, options: { threads?: number }) => Promise<string>;
  /** Recipes when `--recipe` is absent; default `recipe`. */
  recipes?: string;
  /**
   * A folder of the program's own named recipes: a `--recipe` name that is neither built in nor
   * a file is read from `<recipesDir>/<name>.yaml` (the demo's `e1-baseline`, `e1-recipe`).
   */
  recipesDir?: string;
  /** Without `--data`: `'required'` (default: an error) or `'fashion-mnist'` (the embedded subset). */
  data?: 'required' | 'fashion-mnist';
  /** `--out` default; default `tftricks-out` in the working directory. */
  out?: string;
  /** The report's title prefix; default `tftricks`. */
  title?: string;
  /** Image folders' size, channels and validation share when neither the command line nor the recipe sets them (default 64, 3, 0.1). */
  folderDefaults?: { size?: number; channels?: 1 | 3; valSplit?: number };
  stdout?: ProgressStream;
  stderr?: ProgressStream;
}

/** `name`, or the program's own `<dir>/<name>.yaml` when `name` is neither built in nor a file. */
async function programRecipe(name: string, dir: string | undefined): Promise<string> {
  if (dir === undefined || (BUILT_IN_RECIPES as readonly string[]).includes(name)) return name;
  if (await isFile(name)) return name;
  const own = join(dir, `${name}.yaml`);
  return (await isFile(own)) ? own : name;
}

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

const OPTIONS = {
  data: { type: 'string' },
  recipe: { type: 'string' },
  recipes: { type: 'string' },
  epochs: { type: 'string' },
  'train-limit': { type: 'string' },
  val: { type: 'string' },
  'val-split': { type: 'string' },
  size: { type: 'string' },
  channels: { type: 'string' },
  strict: { type: 'boolean' },
  full: { type: 'boolean' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The `--help` text of a host. */
export function trainCommandHelp(host: TrainCommandHost): string {
  const data =
    host.data === 'fashion-mnist'
      ? 'default: the Fashion-MNIST subset embedded in @tftricks/data'
      : 'required';
  const folder = { size: 64, channels: 3, valSplit: 0.1, ...host.folderDefaults };
  return `Usage: ${host.program} ${host.data === 'fashion-mnist' ? '[--data DIR]' : '--data DIR'} [options]

${host.about}

Options:
  --data DIR         four IDX files (train/t10k images and labels, .gz or not), or an image
                     folder: one subfolder per class of JPEG/PNG/WebP images, any size, grey or
                     RGB (${data})
  --recipe NAME|FILE recipes to run, comma-separated: built-in names (baseline, recipe, distill,
                     pseudo-label, kfold)${host.recipesDir ? `, names of ${host.recipesDir}/*.yaml` : ''} or .yaml/.json files (default: ${host.recipes ?? 'recipe'});
                     --recipes is the same
  --epochs N         override every recipe's epochs
  --train-limit N    override every recipe's number of training images
  --val DIR          validation images: an image folder with the same class folders
  --val-split F      hold out this share of the training images for validation (default ${folder.valSplit}
                     for an image folder; IDX data uses its test files unless given)
  --size S|HxW       image size the images are resized (shorter side, centre crop) to
                     (default: the recipe's input.size, else ${folder.size} for an image folder, else the
                     data's own)
  --channels 1|3     grey or RGB (default: the recipe's input.channels, else ${folder.channels} for an image
                     folder, else the data's own)
  --strict           an unreadable image is an error (default: skipped, and named)
  --full             without --data: the full Fashion-MNIST (Debian's dataset-fashion-mnist)
  --seed N           seed of initialisation, data order, augmentation and split (default 0)
  --backend NAME     auto | tensorflow | wasm | cpu (default auto: tfjs-node when installed,
                     else wasm with the @tftricks/wasm-train kernels, else cpu)
  --threads N        threads of the wasm backend (default: every core)
  --out DIR          where report.html, report.json, summary.json, the trained models
                     (model-<recipe>/model.json) and checkpoints go (default ${host.out ?? 'tftricks-out'})
  --resume FILE      continue from a checkpoint (written after every epoch and on Ctrl-C)
  -h, --help         this text

Ctrl-C saves a checkpoint after the current step and prints the command that resumes it
(press it again to quit at once).
`;
}

/** A bad command line: printed with a pointer to --help, exit code 2. */
class UsageError extends Error {}

function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function intFlag(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min)
    throw new UsageError(`--${name} expected an integer ≥ ${min}, got '${text}'`);
  return v;
}

function sizeFlag(text: string | undefined): number | [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:x(\d+))?$/.exec(text);
  const [h, w] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [0, 0];
  if (!(h >= 1 && w >= 1)) throw new UsageError(`--size expected S or HxW (integers ≥ 1), got '${text}'`);
  return h === w ? h : [h, w];
}

function sameInput(a: Recipe['input'], b: Recipe['input']): boolean {
  return JSON.stringify(a?.size ?? null) === JSON.stringify(b?.size ?? null) && a?.channels === b?.channels;
}

/** Writes `text` to `path` through a temporary file, so a second Ctrl-C never leaves half a checkpoint. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** The progress bars of one command: one line per epoch (train loss and accuracy, then validation accuracy). */
function progressCallbacks(
  stderr: ProgressStream,
  log: (line: string) => void,
  evalName: string,
  labelWidth: number,
): TrainCallbacks & { finishInterrupted(): void } {
  let bar: ProgressBar | null = null;
  let current = '';
  let metrics: Record<string, string> = {};
  return {
    onRunStart: ({ label, epochs, stepsPerEpoch, startEpoch, startStep }) => {
      current = '';
      if (startStep > 0) {
        bar = new ProgressBar(
          `${label.padEnd(labelWidth)} ${startEpoch + 1}/${epochs}`,
          stepsPerEpoch,
          stderr,
          startStep,
        );
        current = `${label}#${startEpoch}`;
      }
    },
    onStep: (s) => {
      const key = `${s.label}#${s.epoch}`;
      if (key !== current) {
        bar = new ProgressBar(
          `${s.label.padEnd(labelWidth)} ${s.epoch + 1}/${s.epochs}`,
          s.stepsPerEpoch,
          stderr,
        );
        current = key;
      }
      metrics = { loss: s.epochLoss.toFixed(4), acc: s.epochAccuracy.toFixed(3), lr: s.lr.toExponential(2) };
      bar?.update(s.stepInEpoch + 1, metrics);
    },
    onEpoch: (e) => {
      bar?.finish(
        {
          loss: e.loss.toFixed(4),
          acc: e.accuracy.toFixed(3),
          [`${evalName} acc`]: e.valAccuracy.toFixed(4),
          lr: e.lr.toExponential(2),
        },
        e.stepsPerEpoch,
      );
      bar = null;
      current = '';
    },
    onLog: log,
    finishInterrupted: () => {
      bar?.finish({ ...metrics, stopped: 'Ctrl-C' });
      bar = null;
    },
  };
}

/**
 * The `train` command (the `tftricks train` bin, and `pnpm demo` with Fashion-MNIST defaults):
 * parses `argv`, loads the data (IDX files or an image folder) and the recipes, trains each
 * with progress bars (one line per epoch), checkpoints after every epoch and on Ctrl-C, then
 * writes the HTML report, `summary.json` and each trained model to `--out`.
 *
 * @returns the exit code: 0 done (or stopped with a checkpoint), 1 failed (e.g. `--strict`
 * and an unreadable image, named), 2 a bad command line or recipe.
 */
export async function trainCommand(argv: readonly string[], host: TrainCommandHost): Promise<number> {
  const stdout = host.stdout ?? process.stdout;
  const stderr = host.stderr ?? process.stderr;
  const say = (line: string) => stdout.write(`${line}\n`);
  const complain = (line: string) => stderr.write(`${line}\n`);
  const args = argv.filter((a) => a !== '--');
  let stop: AbortController | null = null;
  const onSigint = () => {
    if (!stop || stop.signal.aborted) process.exit(130);
    stop.abort();
    complain('\nCtrl-C: saving a checkpoint after this step (press again to quit at once)…');
  };
  try {
    const values = parseFlags(args);
    if (values.help) {
      stdout.write(trainCommandHelp(host));
      return 0;
    }
    if (values.data === undefined && host.data !== 'fashion-mnist' && !values.full)
      throw new UsageError(
        '--data DIR is required: a folder of IDX files, or of one subfolder of images per class',
      );
    const epochs = intFlag('epochs', values.epochs, 1);
    const trainLimit = intFlag('train-limit', values['train-limit'], 1);
    const seed = intFlag('seed', values.seed, 0) ?? 0;
    const threads = intFlag('threads', values.threads, 1);
    const size = sizeFlag(values.size);
    const channels = intFlag('channels', values.channels, 1);
    if (channels !== undefined && channels !== 1 && channels !== 3)
      throw new UsageError(`--channels expected 1 or 3, got '${values.channels}'`);
    const valSplit = values['val-split'] === undefined ? undefined : Number(values['val-split']);
    if (valSplit !== undefined && !(valSplit > 0 && valSplit < 1))
      throw new UsageError(`--val-split expected a share in (0, 1), got '${values['val-split']}'`);
    if (valSplit !== undefined && values.val !== undefined)
      throw new UsageError('give --val DIR or --val-split F, not both');

    const recipeNames = (values.recipe ?? values.recipes ?? host.recipes ?? 'recipe')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const recipes: Recipe[] = [];
    for (const name of recipeNames) {
      const r = await loadRecipe(await programRecipe(name, host.recipesDir));
      if (epochs !== undefined) r.epochs = epochs;
      if (trainLimit !== undefined) r.trainLimit = trainLimit;
      recipes.push(r);
    }
    // One data set for every recipe: its image shape is the command line's, else the first recipe's input.
    const cliInput =
      size !== undefined || channels !== undefined
        ? {
            ...(size !== undefined ? { size } : {}),
            ...(channels !== undefined ? { channels: channels as 1 | 3 } : {}),
          }
        : undefined;
    const input = cliInput ?? recipes[0]!.input;
    for (const r of recipes) {
      if (cliInput) r.input = { ...r.input, ...cliInput };
      else if (!sameInput(r.input, input))
        throw new UsageError(
          `recipes ${recipes[0]!.name} and ${r.name} ask for different input sizes; run them separately or give --size`,
        );
    }

    const backend = await host.setupBackend(
      values.backend ?? 'auto',
      threads === undefined ? {} : { threads },
    );
    const outDir = resolve(values.out ?? host.out ?? 'tftricks-out');
    await mkdir(outDir, { recursive: true });
    const folder = host.folderDefaults ?? {};
    const data: LoadedTrainData = await loadTrainData({
      ...(values.data !== undefined ? { dir: values.data } : {}),
      ...(values.full ? { full: true } : {}),
      ...(values.val !== undefined ? { val: values.val } : {}),
      ...(valSplit !== undefined ? { valSplit } : {}),
      ...(input?.size !== undefined ? { size: input.size } : {}),
      ...(input?.channels !== undefined ? { channels: input.channels } : {}),
      folderDefaults: folder,
      strict: values.strict ?? false,
      seed,
      onWarning: complain,
    });
    if (data.ignored.length > 0)
      complain(
        `note: ${data.ignored.length} file(s) are not images by their extension and were not read: ${data.ignored.slice(0, 5).join(', ')}${data.ignored.length > 5 ? ', …' : ''}`,
      );
    const evalName = data.testName;
    const resume = values.resume === undefined ? undefined : await readCheckpoint(values.resume);
    stop = new AbortController();
    process.on('SIGINT', onSigint);
    const [h, w, c] = data.train.imageShape;
    say(
      `${host.title ?? 'tftricks'} · backend ${backendInfo().summary} · data ${data.source} (${data.train.labels.length} train / ${data.test.labels.length} ${evalName}, ${data.train.numClasses} classes, ${h}×${w}×${c}) · recipes ${recipes.map((r) => r.name).join(', ')}`,
    );

    const labelWidth = Math.max(10, ...recipes.map((r) => r.name.length));
    const results: RunResult[] = [];
    // --resume continues the interrupted recipe and runs the ones after it.
    let resuming = resume !== undefined;
    for (const recipe of recipes) {
      if (resuming && recipe.name !== resume!.recipeName) {
        say(`skipping ${recipe.name}: the checkpoint resumes ${resume!.recipeName}`);
        continue;
      }
      const resumeThis = resuming ? resume : undefined;
      resuming = false;
      const checkpointPath = join(outDir, `checkpoint-${recipe.name}.json`);
      // Phases without checkpoints (a distillation teacher's own training) stop without saving.
      let saved = false;
      const progress = progressCallbacks(stderr, say, evalName, labelWidth);
      const result = await train(recipe, data, {
        seed,
        callbacks: progress,
        signal: stop.signal,
        ...(resumeThis ? { resume: resumeThis } : {}),
        saveCheckpoint: async (cp) => {
          await writeAtomically(checkpointPath, JSON.stringify(cp));
          saved = true;
        },
      });
      if (result.interrupted) {
        progress.finishInterrupted();
        result.model.dispose();
        const again = args.filter(
          (a, i) => a !== '--resume' && args[i - 1] !== '--resume' && !a.startsWith('--resume='),
        );
        say(
          saved
            ? `checkpoint saved: ${checkpointPath}\nresume with: ${host.program} ${[...again, '--resume', checkpointPath].join(' ')}`
            : `stopped in ${recipe.name} before any checkpoint was written (this phase is not checkpointed); run again to start it over`,
        );
        return 0;
      }
      const modelFile = await saveModelFiles(result.model, join(outDir, `model-${recipe.name}`));
      say(
        `${recipe.name}: ${evalName} accuracy ${(100 * result.test.accuracy).toFixed(2)}% · NLL ${result.test.loss.toFixed(4)} · ${result.params} params · ${result.seconds.toFixed(1)} s · model ${modelFile}`,
      );
      results.push(result);
    }
    if (results.length === 0)
      throw new UsageError(`no recipe named ${resume!.recipeName} to resume among ${recipeNames.join(', ')}`);
    const files = await writeRunReport(results, data, {
      outDir,
      backend,
      source: data.source,
      seed,
      title: `${host.title ?? 'tftricks'}: ${results.map((r) => `${r.name} ${(100 * r.test.accuracy).toFixed(2)}%`).join(' vs ')}`,
    });
    for (const r of results) r.model.dispose();
    say(`report: ${files.html}\nsummary: ${files.summary}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      complain(`${host.program}: ${e.message}\n(see ${host.program} --help)`);
      return 2;
    }
    if (e instanceof TricksError) {
      complain(e.message);
      return e.fn === 'parseRecipe' || e.fn === 'loadRecipe' ? 2 : 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
