import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import { type LayerSelector, selectLayers, setTrainable, trainableVariableNames } from './freeze';
import { realignOptimizerState } from './optimizer-state';

/** A gradual-unfreezing plan (ULMFiT, Howard & Ruder 2018). */
export interface UnfreezingPlan {
  /**
   * Layer groups ordered from the input towards the head, e.g.
   * `[/^stem_/, /^stage0_/, /^stage1_/, /^stage2_/]`. Groups may not share layers. Layers in no
   * group (typically the new head) are left as they are.
   */
  groups: LayerSelector[];
  /**
   * `at[i]`: the step (or epoch) from which the i-th group *counted from the head* is
   * trainable. Non-negative integers, non-decreasing, one per group. Before `at[i]` it is
   * frozen. E.g. `[0, 1, 2]` with 3 groups unfreezes one more group per epoch.
   */
  at: number[];
  /** What `at` counts in {@link ProgressiveUnfreezing.callback}: `'epoch'` (default) or `'step'` (batches). */
  unit?: 'epoch' | 'step';
  /**
   * Discriminative learning rates: one multiplier per group counted from the head, or
   * `{ decay }` giving the i-th group from the head decay^i (ULMFiT uses 1 / 2.6). Default 1.
   * They take effect through an optimizer that reads {@link ProgressiveUnfreezing.lrMultipliers}.
   */
  lrMultipliers?: number[] | { decay: number };
  /**
   * The optimizer whose per-variable state is realigned when the trained set changes
   * (see {@link realignOptimizerState}). Default: the compiled model's optimizer, if any.
   */
  optimizer?: tf.Optimizer;
}

/** The schedule object {@link progressiveUnfreezing} returns. */
export interface ProgressiveUnfreezing {
  /** Layer names of each group, ordered from the input to the head (as given). */
  readonly groups: string[][];
  /** How many groups (counted from the head) are trainable at step/epoch `t`. */
  unfrozenGroupsAt(t: number): number;
  /**
   * Applies the plan's state for step/epoch `t`: sets `trainable` on every group, refreshes
   * a compiled model's training weights, and realigns the optimizer state. Resolves to
   * `true` when the set of trained variables changed. Call before the update of step `t`.
   */
  update(t: number): Promise<boolean>;
  /**
   * Learning-rate multiplier per variable name, for every weight of the model: grouped
   * layers get their group's multiplier, other layers 1. `lrMultipliers` of
   * `@tftricks/optimizers` consumes it: `new TricksOptimizer(chain(scaleByAdam(),
   * lrMultipliers(plan.lrMultipliers()), scaleByLearningRate(lr)))` scales each group's updates
   * (tfjs-core's own optimizers have a single learning rate and ignore it).
   */
  lrMultipliers(): Record<string, number>;
  /** A `model.fit` callback that calls {@link update} at each epoch or batch start (per `unit`). */
  callback(): tfl.CustomCallback;
}

/**
 * Gradual unfreezing: a schedule that makes layer groups trainable one after another, from
 * the head towards the input, at the planned steps or epochs — optionally with
 * discriminative learning-rate multipliers per group. Nothing changes until the first
 * {@link ProgressiveUnfreezing.update}.
 *
 * @example
 * const plan = progressiveUnfreezing(model, { groups: [/^stage0_/, /^stage1_/, /^stage2_/], at: [0, 2, 4] });
 * await model.fit(x, y, { epochs: 6, callbacks: [plan.callback()] });
 */
export function progressiveUnfreezing(model: tfl.LayersModel, plan: UnfreezingPlan): ProgressiveUnfreezing {
  const fn = 'progressiveUnfreezing';
  if (model === null || typeof model !== 'object' || !Array.isArray((model as tfl.LayersModel).layers)) {
    throw new TricksError(fn, 'model', 'a tf.LayersModel', describeValue(model));
  }
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.groups) || plan.groups.length === 0) {
    throw new TricksError(
      fn,
      'plan.groups',
      'a non-empty array of layer selectors',
      describeValue(plan?.groups),
    );
  }
  const g = plan.groups.length;
  const groupLayers = plan.groups.map((s, i) => selectLayers(fn, model, s, `plan.groups[${i}]`));
  const owner = new Map<tfl.layers.Layer, number>();
  groupLayers.forEach((layers, i) => {
    for (const l of layers) {
      const j = owner.get(l);
      if (j !== undefined) {
        throw new TricksError(
          fn,
          `plan.groups[${i}]`,
          'groups without shared layers',
          `layer '${l.name}' also in plan.groups[${j}]`,
        );
      }
      owner.set(l, i);
    }
  });
  const at = plan.at;
  if (!Array.isArray(at) || at.length !== g)
    throw new TricksError(fn, 'plan.at', `${g} steps (one per group)`, describeValue(at));
  at.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0)
      throw new TricksError(fn, `plan.at[${i}]`, 'an integer ≥ 0', describeValue(t));
    if (i > 0 && t < at[i - 1]!)
      throw new TricksError(
        fn,
        `plan.at[${i}]`,
        `a step ≥ plan.at[${i - 1}] = ${at[i - 1]} (non-decreasing)`,
        `${t}`,
      );
  });
  const unit = plan.unit ?? 'epoch';
  assertOneOf(fn, 'plan.unit', unit, ['epoch', 'step'] as const);
  let multipliers: number[];
  if (plan.lrMultipliers === undefined) multipliers = Array(g).fill(1);
  else if (Array.isArray(plan.lrMultipliers)) {
    if (plan.lrMultipliers.length !== g)
      throw new TricksError(
        fn,
        'plan.lrMultipliers',
        `${g} multipliers (one per group)`,
        describeValue(plan.lrMultipliers),
      );
    for (const [i, m] of plan.lrMultipliers.entries()) {
      assertNumberInRange(fn, `plan.lrMultipliers[${i}]`, m, 0, Number.POSITIVE_INFINITY);
    }
    multipliers = plan.lrMultipliers.slice();
  } else if (plan.lrMultipliers !== null && typeof plan.lrMultipliers === 'object') {
    const decay = plan.lrMultipliers.decay;
    assertNumberInRange(fn, 'plan.lrMultipliers.decay', decay, 0, Number.POSITIVE_INFINITY);
    multipliers = Array.from({ length: g }, (_, i) => decay ** i);
  } else {
    throw new TricksError(
      fn,
      'plan.lrMultipliers',
      'an array of multipliers or { decay }',
      describeValue(plan.lrMultipliers),
    );
  }

  const unfrozenGroupsAt = (t: number): number => {
    if (!Number.isInteger(t) || t < 0)
      throw new TricksError(fn, 't', 'an integer step or epoch ≥ 0', describeValue(t));
    return at.filter((a) => a <= t).length;
  };

  const schedule: ProgressiveUnfreezing = {
    groups: groupLayers.map((ls) => ls.map((l) => l.name)),
    unfrozenGroupsAt,
    async update(t: number): Promise<boolean> {
      const k = unfrozenGroupsAt(t);
      const before = trainableVariableNames(model);
      // Group i (from the input) is trainable when it is among the k nearest the head.
      groupLayers.forEach((layers, i) => {
        const want = i >= g - k;
        const stale = layers.filter((l) => l.trainable !== want);
        if (stale.length > 0) setTrainable(model, stale, want);
      });
      const after = trainableVariableNames(model);
      const changed = before.length !== after.length || before.some((n, i) => n !== after[i]);
      const optimizer = plan.optimizer ?? (model as unknown as { optimizer?: tf.Optimizer }).optimizer;
      if (changed && optimizer) await realignOptimizerState(optimizer, before, after);
      return changed;
    },
    lrMultipliers(): Record<string, number> {
      const out: Record<string, number> = {};
      for (const layer of model.layers) {
        const i = owner.get(layer);
        const m = i === undefined ? 1 : multipliers[g - 1 - i]!;
        for (const w of layer.weights) out[w.name] = m;
      }
      return out;
    },
    callback(): tfl.CustomCallback {
      let step = 0;
      return new tfl.CustomCallback({
        onEpochBegin: async (epoch: number) => {
          if (unit === 'epoch') await schedule.update(epoch);
        },
        onBatchBegin: async () => {
          if (unit === 'step') await schedule.update(step);
        },
        onBatchEnd: async () => {
          step++;
        },
      });
    },
  };
  return schedule;
}
