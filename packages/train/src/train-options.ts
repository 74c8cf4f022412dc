import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageDataset } from '@tftricks/data';
import type { TrainLoss } from './build-run';
import type { Checkpoint } from './checkpoint';
import type { Evaluated } from './evaluate-model';

/** What a run trains on, and what it evaluates after every epoch (a validation or test split). */
export interface TrainData {
  train: ImageDataset;
  test: ImageDataset;
}

/** Per-epoch curves of one run (what the report plots). */
export interface RunHistory {
  /** Mean training loss of each epoch. */
  loss: number[];
  /** Training accuracy of each epoch (on the augmented, mixed batches). */
  accuracy: number[];
  /** Loss (NLL) on `data.test` after each epoch. */
  valLoss: number[];
  /** Accuracy on `data.test` after each epoch. */
  valAccuracy: number[];
  /** Learning rate of the update after each epoch. */
  lr: number[];
}

/** A run (or a flow's sub-run: a teacher, a fold, a round) starts. */
export interface RunStartInfo {
  /** The run's label, e.g. `recipe`, `distill teacher`, `kfold fold 2/3`. */
  label: string;
  epochs: number;
  stepsPerEpoch: number;
  /** Where it starts: 0, 0 unless resumed from a checkpoint. */
  startEpoch: number;
  startStep: number;
}

/** One optimizer step as reported to {@link TrainCallbacks.onStep}. */
export interface StepInfo {
  label: string;
  /** 0-based epoch and step within it; `step` counts steps over the whole run (1-based). */
  epoch: number;
  stepInEpoch: number;
  step: number;
  epochs: number;
  stepsPerEpoch: number;
  /** The batch's training loss (with label smoothing / mixed targets when the recipe has them). */
  loss: number;
  /** The learning rate this step used. */
  lr: number;
  /** Mean training loss and accuracy of the epoch so far. */
  epochLoss: number;
  epochAccuracy: number;
}

/** One finished epoch, evaluated, as reported to {@link TrainCallbacks.onEpoch}. */
export interface EpochInfo {
  label: string;
  /** 0-based. */
  epoch: number;
  epochs: number;
  stepsPerEpoch: number;
  /** The epoch's mean training loss and accuracy. */
  loss: number;
  accuracy: number;
  /** Loss (NLL) and accuracy on `data.test` (with the EMA weights and TTA when the recipe has them). */
  valLoss: number;
  valAccuracy: number;
  lr: number;
  /** The curves so far. */
  history: RunHistory;
}

/**
 * Progress events of a run (and of every sub-run of a flow). Step and epoch callbacks are
 * awaited, so a page can repaint between steps.
 */
export interface TrainCallbacks {
  onRunStart?: (info: RunStartInfo) => void | Promise<void>;
  /** After every optimizer step. */
  onStep?: (info: StepInfo) => void | Promise<void>;
  /** After every epoch's evaluation. */
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  /** A flow's phase report in words: a teacher's accuracy, a self-training round. */
  onLog?: (message: string) => void;
}

/** Options of `train`. */
export interface TrainOptions {
  /** Seed of the initialisation, the data order and the augmentation. */
  seed: number;
  /** The run's label in progress events (default: the recipe's name). */
  label?: string;
  callbacks?: TrainCallbacks;
  /**
   * Aborting stops the run after the current step: a checkpoint is saved (when
   * `saveCheckpoint` is given) and the result says `interrupted`.
   */
  signal?: AbortSignal;
  /** Saves a checkpoint: at the end of every epoch and when `signal` aborts. */
  saveCheckpoint?: (checkpoint: Checkpoint) => Promise<void>;
  /** Continue the run a checkpoint of the same recipe and seed was taken from (bit-exact on cpu). */
  resume?: Checkpoint;
  /** Replaces the recipe's cross-entropy (distillation adds the teacher's soft targets). */
  loss?: TrainLoss;
}

/** What a run returns. */
export interface RunResult {
  name: string;
  history: RunHistory;
  /** The learning-rate schedule sampled at every update, for the report's chart. */
  schedule: { steps: number[]; lr: number[] };
  /** The final predictions on `data.test` (EMA weights and TTA when the recipe has them). */
  test: Evaluated;
  params: number;
  seconds: number;
  /** Optimizer steps (batches) taken. */
  steps: number;
  interrupted: boolean;
  /** The trained model (the EMA weights when the recipe has an EMA); the caller disposes it. */
  model: tfl.LayersModel;
}
