import { describeValue, type RngState, type TensorJson, TricksError } from '@tftricks/core';
import type { TricksOptimizerJson, WeightEmaJson } from '@tftricks/optimizers';
import type { RunHistory } from './train-options';

/** Everything a checkpoint holds (plain JSON): resuming from it continues the very same run. */
export interface Checkpoint {
  version: 1;
  recipeName: string;
  seed: number;
  /** Where the run continues: `epoch` (0-based) and the step within it. */
  epoch: number;
  stepInEpoch: number;
  /** The data-order Rng as it was at the start of `epoch` (it draws one permutation per epoch). */
  orderRng: RngState;
  /** The augmentation Rng as it is now. */
  augRng: RngState;
  history: RunHistory;
  /** The epoch's running sums so far. */
  running: { loss: number; correct: number; seen: number };
  weights: TensorJson[];
  optimizer: TricksOptimizerJson;
  ema: WeightEmaJson | null;
}

const KEYS: (keyof Checkpoint)[] = [
  'recipeName',
  'seed',
  'epoch',
  'stepInEpoch',
  'orderRng',
  'augRng',
  'history',
  'running',
  'weights',
  'optimizer',
];

/** Throws a TricksError naming `fn` and `arg` unless `value` looks like a {@link Checkpoint} (e.g. parsed from a file). */
export function assertCheckpoint(fn: string, arg: string, value: unknown): asserts value is Checkpoint {
  const cp = value as Partial<Checkpoint> | null;
  if (cp === null || typeof cp !== 'object' || cp.version !== 1) {
    throw new TricksError(fn, arg, 'a tftricks checkpoint (version 1)', describeValue(value));
  }
  const missing = KEYS.filter((k) => cp[k] === undefined);
  if (missing.length > 0 || !Array.isArray(cp.weights))
    throw new TricksError(fn, arg, 'a complete checkpoint', `one without ${missing.join(', ') || 'weights'}`);
}
