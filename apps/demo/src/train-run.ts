import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  type Batch,
  createRng,
  type Rng,
  type RngState,
  type TensorJson,
  tensorFromJson,
  tensorToJson,
} from '@tftricks/core';
import { type ImageDataset, makeBatch } from '@tftricks/data';
import type { TricksOptimizerJson, WeightEmaJson } from '@tftricks/optimizers';
import { type Schedule, sample } from '@tftricks/schedulers';
import { buildModel, buildSchedule } from './build-run-parts';
import { type Evaluated, evaluateModel } from './evaluate-model';
import { nextMacrotask } from './next-macrotask';
import { ProgressBar } from './progress-bar';
import type { Recipe } from './recipe';
import { renameOptimizerState } from './rename-optimizer-state';
import { buildStepParts, disposeStepParts, trainStep } from './train-step';

/** Per-epoch curves of one run (what the report plots). */
export interface RunHistory {
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
  lr: number[];
}

/** Everything a checkpoint holds: resuming from it continues the very same run. */
export interface Checkpoint {
  version: 1;
  recipeName: string;
  seed: number;
  epoch: number;
  stepInEpoch: number;
  /** The data-order Rng as it was at the start of `epoch` (it draws one permutation per epoch). */
  orderRng: RngState;
  /** The augmentation Rng as it is now. */
  augRng: RngState;
  history: RunHistory;
  running: { loss: number; correct: number; seen: number };
  weights: TensorJson[];
  optimizer: TricksOptimizerJson;
  ema: WeightEmaJson | null;
}

export interface RunOptions {
  seed: number;
  /** Show a progress bar on stderr. */
  progress?: boolean;
  /** Label for the progress bar, e.g. the recipe name. */
  label?: string;
  /** Where to save checkpoints (end of every epoch, and when `stop.requested` turns true). */
  checkpointPath?: string;
  /** Resume from this checkpoint (from `loadCheckpoint`). */
  resume?: Checkpoint;
  /** Set `requested` (e.g. on Ctrl-C) to save a checkpoint after the current step and stop. */
  stop?: { requested: boolean };
  /** Stop after this many optimizer steps in total, as if interrupted (tests). */
  stopAfterSteps?: number;
  /** Saves a checkpoint (Node: to disk). */
  save?: (checkpoint: Checkpoint) => Promise<void>;
  /**
   * Replaces the recipe's cross-entropy: the training loss of the student's logits on the
   * (augmented, mixed) batch. Distillation uses it to add the teacher's soft targets.
   */
  loss?: (logits: tf.Tensor2D, batch: Batch) => tf.Scalar;
  /**
   * Called after every optimizer step with its loss and learning rate (live charts). It is
   * awaited, so a browser page can yield to the event loop and repaint between steps.
   */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** Called after every epoch's evaluation with the curves so far. */
  onEpoch?: (info: { epoch: number; history: RunHistory }) => void | Promise<void>;
}

/** One optimizer step as reported to `RunOptions.onStep`. */
export interface StepInfo {
  /** 0-based epoch and step within it; `step` counts steps over the whole run (1-based). */
  epoch: number;
  stepInEpoch: number;
  step: number;
  stepsPerEpoch: number;
  /** The batch's training loss (with label smoothing / mixed targets when the recipe has them). */
  loss: number;
  /** The learning rate this step used. */
  lr: number;
}

export interface RunResult {
  name: string;
  history: RunHistory;
  /** The learning-rate schedule sampled at every update, for the report's chart. */
  schedule: { steps: number[]; lr: number[] };
  test: Evaluated;
  params: number;
  seconds: number;
  steps: number;
  interrupted: boolean;
  model: tfl.LayersModel;
}

/**
 * Trains one recipe on `train`, evaluating on `test` after every epoch, and returns the curves
 * and the final test predictions. Deterministic for a seed on a given backend; checkpoints
 * resume into the same continuation.
 */
export async function trainRun(
  recipe: Recipe,
  data: { train: ImageDataset; test: ImageDataset },
  options: RunOptions,
): Promise<RunResult> {
  const started = performance.now();
  const { train } = data;
  const [h, w, c] = train.imageShape;
  const numClasses = train.numClasses;
  const n = recipe.trainLimit ? Math.min(recipe.trainLimit, train.labels.length) : train.labels.length;
  const batchSize = recipe.batchSize;
  const stepsPerEpoch = Math.floor(n / batchSize);
  if (stepsPerEpoch < 1)
    throw new Error(`recipe ${recipe.name}: batchSize ${batchSize} is larger than the ${n} training images`);
  const accumulate = recipe.optimizer.accumulateSteps ?? 1;
  const totalUpdates = Math.ceil((stepsPerEpoch * recipe.epochs) / accumulate);

  // Refuse a foreign checkpoint before anything is allocated (a throw later would leak the model).
  const checkpointIn = options.resume;
  if (checkpointIn && (checkpointIn.recipeName !== recipe.name || checkpointIn.seed !== options.seed)) {
    throw new Error(
      `checkpoint is for recipe ${checkpointIn.recipeName} seed ${checkpointIn.seed}, not ${recipe.name} seed ${options.seed}`,
    );
  }
  const root = createRng(options.seed);
  let orderRng: Rng = root.fork();
  let augRng: Rng = root.fork();
  const model = buildModel(recipe.model, [h, w, c], numClasses, options.seed);
  const schedule: Schedule = buildSchedule(recipe, totalUpdates);
  const parts = buildStepParts(recipe, model, numClasses, schedule, options.loss);
  const { optimizer, vars, ema } = parts;

  let history: RunHistory = { loss: [], accuracy: [], valLoss: [], valAccuracy: [], lr: [] };
  let startEpoch = 0;
  let startStep = 0;
  let running = { loss: 0, correct: 0, seen: 0 };
  const resume = options.resume;
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

  let steps = startEpoch * stepsPerEpoch + startStep;
  let interrupted = false;
  let test: Evaluated | null = null;
  for (let epoch = startEpoch; epoch < recipe.epochs && !interrupted; epoch++) {
    const epochOrderState = orderRng.state();
    const order = orderRng.permutation(train.labels.length).filter((i) => i < n);
    const bar = options.progress
      ? new ProgressBar(`${options.label ?? recipe.name} ${epoch + 1}/${recipe.epochs}`, stepsPerEpoch)
      : null;
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
      await options.onStep?.({ epoch, stepInEpoch: s, step: steps, stepsPerEpoch, loss: lossValue, lr });
      await nextMacrotask(); // lets a Ctrl-C handler set options.stop before the next step
      bar?.update(s + 1, {
        loss: (running.loss / running.seen).toFixed(4),
        acc: (running.correct / running.seen).toFixed(3),
        lr: lr.toExponential(2),
      });
      if (
        options.stop?.requested ||
        (options.stopAfterSteps !== undefined && steps >= options.stopAfterSteps)
      ) {
        interrupted = true;
        if (options.save)
          // On an epoch's last step this saves (epoch, stepsPerEpoch): the resumed run then
          // starts with that epoch's evaluation, which the interrupted one never reached.
          await options.save(snapshot(epoch, s + 1, epochOrderState));
        break;
      }
    }
    if (interrupted) {
      bar?.finish();
      break;
    }
    ema?.apply();
    test = evaluateModel(model, data.test, numClasses, { tta: recipe.tta });
    ema?.restore();
    history.loss.push(running.loss / running.seen);
    history.accuracy.push(running.correct / running.seen);
    history.valLoss.push(test.loss);
    history.valAccuracy.push(test.accuracy);
    history.lr.push(optimizer.learningRate);
    bar?.update(stepsPerEpoch, {
      loss: (running.loss / running.seen).toFixed(4),
      'test acc': test.accuracy.toFixed(4),
      lr: optimizer.learningRate.toExponential(2),
    });
    bar?.finish();
    await options.onEpoch?.({ epoch, history });
    if (options.save && options.checkpointPath) await options.save(snapshot(epoch + 1, 0, orderRng.state()));
  }
  if (!test && !interrupted) {
    ema?.apply();
    test = evaluateModel(model, data.test, numClasses, { tta: recipe.tta });
    ema?.restore();
  }
  // The model that is returned and reported is the one evaluated: the EMA weights when used.
  if (ema && !interrupted) ema.apply();
  disposeStepParts(parts);
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
