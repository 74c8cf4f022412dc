import * as tf from '@tensorflow/tfjs-core';
import {
  type Batch,
  createRng,
  describeValue,
  type Rng,
  type RngState,
  TricksError,
  tensorFromJson,
  tensorToJson,
} from '@tftricks/core';
import { assertDataset, makeBatch } from '@tftricks/data';
import { sample } from '@tftricks/schedulers';
import { buildRun, disposeRun } from './build-run';
import type { Checkpoint } from './checkpoint';
import { type Evaluated, evaluateModel } from './evaluate-model';
import { nextMacrotask } from './next-macrotask';
import type { Recipe } from './recipe';
import { renameOptimizerState } from './rename-optimizer-state';
import type { RunHistory, RunResult, TrainData, TrainOptions } from './train-options';
import { trainStep } from './train-step';

const FN = 'train';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The recipe's `input` as `[H, W, C]` for a dataset, or null when it sets neither part. */
function inputShapeOf(recipe: Recipe, [h, w, c]: [number, number, number]): [number, number, number] | null {
  const input = recipe.input;
  if (!input || (input.size === undefined && input.channels === undefined)) return null;
  const [ih, iw] =
    input.size === undefined
      ? [h, w]
      : typeof input.size === 'number'
        ? [input.size, input.size]
        : input.size;
  return [ih, iw, input.channels ?? c];
}

/**
 * One plain run of a recipe (no distill / pseudo-label / k-fold section is read): trains on
 * `data.train`, evaluating on `data.test` after every epoch, and returns the curves and the
 * final predictions. Deterministic for a seed on a given backend; a checkpoint resumes into
 * the same continuation (bit-exact on cpu). `train` runs this for recipes without a flow.
 */
export async function trainLoop(recipe: Recipe, data: TrainData, options: TrainOptions): Promise<RunResult> {
  const started = performance.now();
  const { train } = data;
  assertDataset(FN, 'data.train', train);
  assertDataset(FN, 'data.test', data.test);
  const [h, w, c] = train.imageShape;
  const wanted = inputShapeOf(recipe, train.imageShape);
  if (wanted && !sameShape(wanted, train.imageShape))
    throw new TricksError(
      FN,
      'data.train.imageShape',
      `the recipe's input [${wanted.join(', ')}] (resize the data to it, e.g. loadTrainData({ size, channels }))`,
      `[${train.imageShape.join(', ')}]`,
    );
  if (!sameShape(data.test.imageShape, train.imageShape))
    throw new TricksError(
      FN,
      'data.test.imageShape',
      `the training images' [${train.imageShape.join(', ')}]`,
      `[${data.test.imageShape.join(', ')}]`,
    );
  const numClasses = train.numClasses;
  const n = recipe.trainLimit ? Math.min(recipe.trainLimit, train.labels.length) : train.labels.length;
  const batchSize = recipe.batchSize;
  const stepsPerEpoch = Math.floor(n / batchSize);
  if (stepsPerEpoch < 1)
    throw new TricksError(
      FN,
      'recipe.batchSize',
      `at most the ${n} training images (recipe ${recipe.name})`,
      describeValue(batchSize),
    );
  const accumulate = (recipe.optimizer.accumulateSteps as number | undefined) ?? 1;
  const totalUpdates = Math.ceil((stepsPerEpoch * recipe.epochs) / accumulate);
  const label = options.label ?? recipe.name;
  const callbacks = options.callbacks ?? {};

  // Refuse a foreign checkpoint before anything is allocated (a throw later would leak the model).
  const resume = options.resume;
  if (resume && (resume.recipeName !== recipe.name || resume.seed !== options.seed)) {
    throw new TricksError(
      FN,
      'options.resume',
      `a checkpoint of recipe ${recipe.name} seed ${options.seed}`,
      `one of recipe ${resume.recipeName} seed ${resume.seed}`,
    );
  }
  const root = createRng(options.seed);
  let orderRng: Rng = root.fork();
  let augRng: Rng = root.fork();
  const parts = buildRun(recipe, {
    imageShape: [h, w, c],
    numClasses,
    totalUpdates,
    seed: options.seed,
    ...(options.loss ? { loss: options.loss } : {}),
  });
  const { model, optimizer, vars, ema, schedule } = parts;

  let history: RunHistory = { loss: [], accuracy: [], valLoss: [], valAccuracy: [], lr: [] };
  let startEpoch = 0;
  let startStep = 0;
  let running = { loss: 0, correct: 0, seen: 0 };
  if (resume) {
    const weights = resume.weights.map(tensorFromJson);
    model.setWeights(weights);
    tf.dispose(weights);
    optimizer.loadJson(
      renameOptimizerState(
        resume.optimizer,
        vars.map((v) => v.name),
      ),
    );
    if (ema && resume.ema) ema.loadJson(resume.ema);
    history = resume.history;
    running = resume.running;
    startEpoch = resume.epoch;
    startStep = resume.stepInEpoch;
    orderRng = createRng(resume.orderRng);
    augRng = createRng(resume.augRng);
  }

  const snapshot = (epoch: number, stepInEpoch: number, epochOrderState: RngState): Checkpoint => ({
    version: 1,
    recipeName: recipe.name,
    seed: options.seed,
    epoch,
    stepInEpoch,
    orderRng: epochOrderState,
    augRng: augRng.state(),
    history,
    running,
    weights: model.getWeights().map(tensorToJson),
    optimizer: optimizer.toJson(),
    ema: ema ? ema.toJson() : null,
  });

  await callbacks.onRunStart?.({ label, epochs: recipe.epochs, stepsPerEpoch, startEpoch, startStep });
  let steps = startEpoch * stepsPerEpoch + startStep;
  let interrupted = false;
  let test: Evaluated | null = null;
  for (let epoch = startEpoch; epoch < recipe.epochs && !interrupted; epoch++) {
    const epochOrderState = orderRng.state();
    const order = orderRng.permutation(train.labels.length).filter((i) => i < n);
    const first = epoch === startEpoch ? startStep : 0;
    if (first === 0) running = { loss: 0, correct: 0, seen: 0 };
    for (let s = first; s < stepsPerEpoch; s++) {
      const raw: Batch = makeBatch(train, order.slice(s * batchSize, (s + 1) * batchSize));
      const lr = optimizer.learningRate;
      const { loss: lossValue, correct } = trainStep(parts, raw, augRng);
      running.loss += lossValue * batchSize;
      running.correct += correct;
      running.seen += batchSize;
      tf.dispose([raw.images, raw.targets]);
      steps++;
      await callbacks.onStep?.({
        label,
        epoch,
        stepInEpoch: s,
        step: steps,
        epochs: recipe.epochs,
        stepsPerEpoch,
        loss: lossValue,
        lr,
        epochLoss: running.loss / running.seen,
        epochAccuracy: running.correct / running.seen,
      });
      await nextMacrotask(); // lets a Ctrl-C handler (or a Stop button) abort before the next step
      if (options.signal?.aborted) {
        interrupted = true;
        // On an epoch's last step this saves (epoch, stepsPerEpoch): the resumed run then
        // starts with that epoch's evaluation, which the interrupted one never reached.
        if (options.saveCheckpoint) await options.saveCheckpoint(snapshot(epoch, s + 1, epochOrderState));
        break;
      }
    }
    if (interrupted) break;
    ema?.apply();
    test = evaluateModel(model, data.test, numClasses, { tta: recipe.tta });
    ema?.restore();
    history.loss.push(running.loss / running.seen);
    history.accuracy.push(running.correct / running.seen);
    history.valLoss.push(test.loss);
    history.valAccuracy.push(test.accuracy);
    history.lr.push(optimizer.learningRate);
    await callbacks.onEpoch?.({
      label,
      epoch,
      epochs: recipe.epochs,
      stepsPerEpoch,
      loss: running.loss / running.seen,
      accuracy: running.correct / running.seen,
      valLoss: test.loss,
      valAccuracy: test.accuracy,
      lr: optimizer.learningRate,
      history,
    });
    if (options.saveCheckpoint) await options.saveCheckpoint(snapshot(epoch + 1, 0, orderRng.state()));
  }
  if (!test && !interrupted) {
    ema?.apply();
    test = evaluateModel(model, data.test, numClasses, { tta: recipe.tta });
    ema?.restore();
  }
  // The model that is returned and reported is the one evaluated: the EMA weights when used.
  if (ema && !interrupted) ema.apply();
  disposeRun(parts);
  const sampled = sample(schedule, totalUpdates);
  return {
    name: recipe.name,
    history,
    schedule: { steps: Array.from(sampled.step), lr: Array.from(sampled.lr) },
    test: test ?? {
      accuracy: Number.NaN,
      loss: Number.NaN,
      probs: new Float32Array(0),
      labels: new Int32Array(0),
    },
    params: model.countParams(),
    seconds: (performance.now() - started) / 1000,
    steps,
    interrupted,
    model,
  };
}
