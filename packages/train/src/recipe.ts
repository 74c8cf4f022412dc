/**
 * A training recipe: everything one run does, as plain JSON/YAML. The names inside it come
 * from the packages' own registries (`MODEL_NAMES` of @tftricks/models, `PRESET_NAMES` of
 * @tftricks/optimizers, `SCHEDULER_NAMES` of @tftricks/schedulers); `RECIPE_SCHEMA` checks the
 * rest, and `parseRecipe` reports every problem with its file and line.
 */
import type { ModelName } from '@tftricks/models';
import type { PresetName } from '@tftricks/optimizers';
import type { SchedulerSpec } from '@tftricks/schedulers';

/** One random augmentation of `@tftricks/augment`, by factory name, with its options. */
export interface AugmentStep {
  type: string;
  [option: string]: unknown;
}

/** A classifier of `@tftricks/models` by registry name, with its builder's options. */
export interface ModelSpec {
  type: ModelName;
  [option: string]: unknown;
}

/** The batch mixes a recipe can name. */
export type MixType = 'mixup' | 'cutmix' | 'mixupOrCutmix';

/** The views a recipe's `tta` section can name (`@tftricks/augment`'s `tta` transforms). */
export type TtaViewName = 'identity' | 'hflip' | 'vflip';

export interface Recipe {
  name: string;
  description?: string;
  /**
   * The images the model sees: `size` (S for S×S or [H, W]) and `channels` (1 grey, 3 RGB).
   * Image folders are decoded, resized and converted to it; absent, the data's own shape
   * (image folders: 64×64 RGB).
   */
  input?: { size?: number | [number, number]; channels?: 1 | 3 };
  model: ModelSpec;
  epochs: number;
  batchSize: number;
  /** Training images used from the training split (all when absent). */
  trainLimit?: number;
  augment?: AugmentStep[];
  /**
   * A batch mix and its options. Its targets are smoothed by `loss.labelSmoothing` (the one
   * place smoothing is set), so `mix` takes no `labelSmoothing` of its own.
   */
  mix?: { type: MixType; [option: string]: unknown };
  /** `labelSmoothing` ε in [0, 1]: the targets are smoothed once, by the mix when there is one. */
  loss?: { labelSmoothing?: number };
  /**
   * A preset of `@tftricks/optimizers` (`createOptimizer`) by name, its `learningRate` (the
   * schedule's base rate) and any of that preset's options (`weightDecay`, `momentum`,
   * `beta1`, …, `clipGradNorm`, `accumulateSteps`).
   */
  optimizer: { name: PresetName; learningRate: number; [option: string]: unknown };
  /**
   * A schedule of `@tftricks/schedulers` (`createScheduler`) by `type`, with its settings; the
   * run fills in the base rate (`optimizer.learningRate`) and its length. Absent: constant.
   */
  schedule?: Omit<SchedulerSpec, 'learningRate' | 'totalSteps'>;
  /** A weight EMA (`WeightEma`) evaluated instead of the live weights. */
  ema?: { decay: number; warmup?: boolean };
  /**
   * Test-time augmentation (`@tftricks/augment`'s `tta`): every evaluation, and the
   * pseudo-labelling teacher, merges the probabilities of these views. `translate: p` (pixels,
   * with `transforms: [identity, hflip]`) adds airbench's shifted views: the flip pair at ¼ each,
   * its (±p, ±p) shifts at ⅛ each (`translateViews`).
   */
  tta?: { transforms: TtaViewName[]; merge?: 'mean' | 'gmean' | 'max'; translate?: number };
  distill?: { teacher: ModelSpec; teacherEpochs: number; temperature: number; alpha: number };
  pseudoLabel?: {
    labeledFraction: number;
    rounds: number;
    threshold: number;
    balance?: boolean;
    /** Keep at most this many pseudo-labels per predicted class (the most confident ones). */
    maxPerClass?: number;
    /**
     * Share of every student epoch made of the true labels (repeated), in (0, 1]; the students
     * then train as many steps as the labeled-only model. Absent: the merged set as it is.
     */
    labeledShare?: number;
  };
  kfold?: { k: number };
}
