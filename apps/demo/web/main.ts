/**
 * The browser page: trains the baseline and the recipe (or one of them) on the embedded
 * Fashion-MNIST subset with the same training loop as the CLI (`train` of @tftricks/train),
 * draws the loss per step and the test accuracy per epoch as they come, lists the runs' test
 * accuracies side by side, and shows the error-analysis report in an iframe. The form starts
 * from the URL's query (page-config.ts): `?train=512&epochs=1&autostart=1`.
 */
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { type ImageDataset, subsetDataset } from '@tftricks/data';
import { renderReport } from '@tftricks/error-analysis';
import { parseRecipe, type Recipe, train } from '@tftricks/train';
import baselineYaml from '@tftricks/train/recipes/baseline.yaml?raw';
import recipeYaml from '@tftricks/train/recipes/recipe.yaml?raw';
import { setupPageBackend } from './browser-backend';
import { loadEmbeddedFashionMnist } from './browser-data';
import { type ChartSeries, drawLineChart } from './line-chart';
import { type PageConfig, pageConfig } from './page-config';

const RECIPES: Record<string, { text: string; file: string }> = {
  baseline: { text: baselineYaml, file: 'recipes/baseline.yaml' },
  recipe: { text: recipeYaml, file: 'recipes/recipe.yaml' },
};
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

const $ = <T extends HTMLElement | SVGSVGElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');
const startButton = $<HTMLButtonElement>('start');
const stopButton = $<HTMLButtonElement>('stop');
const lossChart = $<SVGSVGElement>('loss-chart');
const accChart = $<SVGSVGElement>('acc-chart');

/** Every run of this session, so the charts compare them. */
const runs: { loss: ChartSeries; acc: ChartSeries }[] = [];
let stop: AbortController | null = null;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function redraw(): void {
  drawLineChart(
    lossChart,
    runs.map((r) => r.loss),
    { xLabel: 'step' },
  );
  drawLineChart(
    accChart,
    runs.map((r) => r.acc),
    { xLabel: 'epoch', yMin: 0, yMax: 1 },
  );
}

function intInput(id: string, lo: number, hi: number): number {
  const input = $<HTMLInputElement>(id);
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${id}: expected an integer in [${lo}, ${hi}], got ${input.value}`);
  return v;
}

/** A recipe, validated by the same schema as the CLI, with the page's overrides. */
function chosenRecipe(name: string): Recipe {
  const { text, file } = RECIPES[name]!;
  const recipe = parseRecipe(text, file);
  recipe.trainLimit = intInput('train-limit', 16, 10_000);
  recipe.epochs = intInput('epochs', 1, 50);
  recipe.batchSize = intInput('batch-size', 1, 512);
  // SwiftShader / integrated GPUs train the CLI's CNN slowly; a tiny one shows curves in seconds.
  if ($<HTMLSelectElement>('model').value === 'tiny')
    recipe.model = { type: 'simpleCnn', widths: [8, 16], convsPerStage: 1 };
  return recipe;
}

/** One finished run, for the side-by-side table. */
interface RunResult {
  recipe: string;
  accuracy: number;
  steps: number;
  seconds: number;
}

/** The table of this session's finished runs: recipe, test accuracy, steps, seconds, backend. */
function addResultRow(r: RunResult, testLimit: number, backend: string): void {
  const row = document.createElement('tr');
  row.dataset.recipe = r.recipe;
  for (const text of [
    r.recipe,
    `${(100 * r.accuracy).toFixed(2)}%`,
    String(testLimit),
    String(r.steps),
    r.seconds.toFixed(1),
    backend,
  ]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  $<HTMLTableSectionElement>('results-body').append(row);
  $<HTMLTableElement>('results').hidden = false;
}

async function trainOnPage(
  data: { train: ImageDataset; test: ImageDataset },
  backend: string,
  recipeName: string,
): Promise<RunResult | null> {
  const recipe = chosenRecipe(recipeName);
  const seed = intInput('seed', 0, 2 ** 31 - 1);
  const testLimit = intInput('test-limit', 10, data.test.labels.length);
  // An even spread over the test split (a prefix would do too: the subset is shuffled).
  const stride = data.test.labels.length / testLimit;
  const test = subsetDataset(
    data.test,
    Array.from({ length: testLimit }, (_, i) => Math.floor(i * stride)),
  );
  const color = COLORS[runs.length % COLORS.length]!;
  const label = `${recipe.name} #${runs.length + 1}`;
  const run = {
    loss: { name: label, color, values: [] as number[] },
    acc: { name: label, color, values: [] as number[] },
  };
  runs.push(run);
  stop = new AbortController();
  say(`${recipe.name}: building the model and compiling the first step on ${backend}…`);
  // Return to the event loop first: the first step (shader compilation on WebGL) blocks for a
  // while, and the click that started it should finish and the status repaint before that.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  const result = await train(
    recipe,
    { train: data.train, test },
    {
      seed,
      signal: stop.signal,
      callbacks: {
        onStep: async (s) => {
          run.loss.values.push(s.loss);
          redraw();
          const perStep = (performance.now() - started) / s.step / 1000;
          say(
            `${recipe.name} on ${backend}: epoch ${s.epoch + 1}/${recipe.epochs}, step ${s.stepInEpoch + 1}/${s.stepsPerEpoch} · loss ${s.loss.toFixed(4)} · lr ${s.lr.toExponential(2)} · ${perStep.toFixed(2)} s/step`,
          );
          // Yield so the browser repaints the chart before the next (blocking) step.
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
        onEpoch: ({ history }) => {
          run.acc.values = [...history.valAccuracy];
          redraw();
        },
      },
    },
  );
  try {
    if (result.interrupted) {
      say(`${recipe.name}: stopped after ${result.steps} steps.`);
      return null;
    }
    say(
      `${recipe.name}: test accuracy ${(100 * result.test.accuracy).toFixed(2)}% on ${testLimit} images · ${result.seconds.toFixed(1)} s. Rendering the report…`,
    );
    const images = tf.tidy(() =>
      tf.div(tf.tensor4d(Float32Array.from(test.pixels), [testLimit, ...test.imageShape]), 255),
    ) as tf.Tensor4D;
    try {
      const report = await renderReport({
        title: `tftricks in the browser (${backend}): ${recipe.name} ${(100 * result.test.accuracy).toFixed(2)}%`,
        probs: { data: result.test.probs, shape: [testLimit, data.train.numClasses] },
        labels: result.test.labels,
        images,
        classNames: data.train.classNames ?? [],
        history: { [recipe.name]: result.history },
        schedules: { [recipe.name]: result.schedule.lr },
      });
      $<HTMLIFrameElement>('report').srcdoc = report.html;
      $<HTMLParagraphElement>('report-note').textContent = `Report of ${label} (${testLimit} test images).`;
    } finally {
      images.dispose();
    }
    say(
      `${recipe.name}: test accuracy ${(100 * result.test.accuracy).toFixed(2)}% · ${result.steps} steps in ${result.seconds.toFixed(1)} s on ${backend}.`,
    );
    const done = {
      recipe: recipe.name,
      accuracy: result.test.accuracy,
      steps: result.steps,
      seconds: result.seconds,
    };
    addResultRow(done, testLimit, backend);
    return done;
  } finally {
    result.model.dispose();
  }
}

/** Trains what the form's Recipe asks for: `both` is the baseline, then the recipe. */
async function trainChosen(
  data: { train: ImageDataset; test: ImageDataset },
  backend: string,
): Promise<void> {
  const choice = $<HTMLSelectElement>('recipe').value;
  const names = choice === 'both' ? ['baseline', 'recipe'] : [choice];
  const results: RunResult[] = [];
  for (const name of names) {
    const r = await trainOnPage(data, backend, name);
    if (r === null) return;
    results.push(r);
  }
  if (results.length > 1)
    say(
      `${results.map((r) => `${r.recipe} ${(100 * r.accuracy).toFixed(2)}%`).join(' · ')} (test accuracy) · ${results.reduce((s, r) => s + r.steps, 0)} steps in ${results.reduce((s, r) => s + r.seconds, 0).toFixed(1)} s on ${backend}.`,
    );
}

/** Puts the configuration (defaults + URL) into the form. */
function fillForm(config: PageConfig): void {
  $<HTMLSelectElement>('recipe').value = config.recipe;
  $<HTMLSelectElement>('model').value = config.model;
  $<HTMLInputElement>('train-limit').value = String(config.train);
  $<HTMLInputElement>('batch-size').value = String(config.batch);
  $<HTMLInputElement>('epochs').value = String(config.epochs);
  $<HTMLInputElement>('test-limit').value = String(config.test);
  $<HTMLInputElement>('seed').value = String(config.seed);
}

async function main(): Promise<void> {
  const config = pageConfig(location.search);
  fillForm(config);
  const [backend, fm] = await Promise.all([
    setupPageBackend(config.backend),
    loadEmbeddedFashionMnist(import.meta.env.BASE_URL),
  ]);
  const shown = $<HTMLElement>('backend');
  shown.textContent = backend.name;
  shown.dataset.backend = backend.name;
  shown.title = backend.summary;
  $<HTMLSpanElement>('backend-summary').textContent = backend.summary;
  $<HTMLSpanElement>('backend-note').textContent = backend.note;
  redraw();
  say(
    `Ready: ${fm.train.labels.length} training and ${fm.test.labels.length} test images, backend ${backend.name}.`,
  );
  startButton.disabled = false;
  $<HTMLFormElement>('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    startButton.disabled = true;
    stopButton.disabled = false;
    trainChosen(fm, backend.name)
      .catch((e: unknown) => say(e instanceof Error ? e.message : String(e), true))
      .finally(() => {
        startButton.disabled = false;
        stopButton.disabled = true;
        stop = null;
      });
  });
  stopButton.addEventListener('click', () => {
    stop?.abort();
  });
  if (config.autostart) startButton.click();
}

main().catch((e: unknown) => {
  say(`Could not start: ${e instanceof Error ? e.message : String(e)}`, true);
  console.error(e);
});
