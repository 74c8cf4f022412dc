import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertFiniteNumber, describeValue, TricksError } from '@tftricks/core';
import type { GradientTransformation, OptState, UpdateContext } from './gradient-transformation';
import { presetFromConfig } from './optimizer-registry';
import {
  disposeReplacedState,
  flattenState,
  keepState,
  mergeState,
  type NamedTensor,
  type OptStateJson,
  stateFromJson,
  stateToJson,
  unflattenState,
} from './optimizer-state';

/** Prefix of the state tensors in `getWeights()` (after tfjs's own `iter` scalar). */
const PREFIX = 'tricks';

/** Everything needed to resume an optimizer, as plain JSON (bit-exact). */
export interface TricksOptimizerJson {
  iterations: number;
  learningRateOverride: number | null;
  /** Names of the variables the state covers. */
  variables: string[];
  state: OptStateJson | null;
}

/**
 * A `tf.Optimizer` that runs any {@link GradientTransformation}. It works in
 * `model.compile({ optimizer })` + `model.fit`, with `optimizer.minimize(f)`, and with
 * `applyGradients(grads)` in hand-written loops.
 *
 * Each `applyGradients` runs the transformation in one `tf.tidy`, adds the updates to the
 * variables, keeps the new state and disposes the old, so memory stays flat. State is created
 * lazily for the variables that receive gradients (new variables are added on the fly; a
 * variable without a gradient keeps its state). `getWeights`/`setWeights` and
 * `toJson`/`loadJson` save and restore it exactly.
 */
export class TricksOptimizer extends tf.Optimizer {
  /** Stable name used by tfjs serialization. */
  static className = 'TricksOptimizer';

  /** The transformation this optimizer drives. */
  readonly transformation: GradientTransformation;
  private state: OptState | null = null;
  private pending: NamedTensor[] | null = null;
  private lrOverride: number | null = null;
  private seen = new Set<string>();
  private readonly config: tf.serialization.ConfigDict;

  /**
   * @param transformation any chain, e.g. `adamw({ learningRate: cosine(...) })`.
   * @param config what `getConfig()` returns; `createOptimizer` fills it so `fromConfig` can
   *   rebuild the optimizer by preset name. Defaults to `{ preset: 'custom' }`.
   */
  constructor(
    transformation: GradientTransformation,
    config: tf.serialization.ConfigDict = { preset: 'custom' },
  ) {
    super();
    if (
      transformation === null ||
      typeof transformation !== 'object' ||
      typeof transformation.update !== 'function'
    ) {
      throw new TricksError(
        'TricksOptimizer',
        'transformation',
        'a GradientTransformation { init, update }',
        describeValue(transformation),
      );
    }
    this.transformation = transformation;
    this.config = config;
  }

  /** The number of real updates counted by the learning-rate transformation (else `iterations`). */
  get step(): number {
    return this.transformation.inspect?.(this.state)?.step ?? this.iterations;
  }

  /** The learning rate the next update will use: the override, else the chain's schedule. */
  get learningRate(): number {
    if (this.lrOverride !== null) return this.lrOverride;
    const h = this.transformation.inspect?.(this.state);
    if (h === undefined)
      throw new TricksError(
        'TricksOptimizer.learningRate',
        'transformation',
        'a chain with scaleByLearningRate',
        'none',
      );
    return h.learningRate;
  }

  /**
   * Overrides the learning rate used by `scaleByLearningRate` from the next update on (what
   * `scheduleCallback` calls). `null` returns to the chain's own learning rate/schedule.
   */
  setLearningRate(lr: number | null): void {
    if (lr !== null) {
      assertFiniteNumber('TricksOptimizer.setLearningRate', 'lr', lr);
      if (lr < 0) throw new TricksError('TricksOptimizer.setLearningRate', 'lr', 'a number ≥ 0', String(lr));
    }
    this.lrOverride = lr;
  }

  /** The live state (read-only view; tensors belong to the optimizer). `null` before the first step. */
  get currentState(): OptState | null {
    return this.state;
  }

  /** Applies one update. `variableGradients` names registered variables; `null` grads are skipped. */
  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor] as const)
      : Object.entries(variableGradients);
    const grads: NamedTensorMap = {};
    const params: Record<string, tf.Variable> = {};
    for (const [name, g] of entries) {
      if (g == null) continue;
      const v = tf.engine().registeredVariables[name];
      if (v === undefined)
        throw new TricksError(
          'TricksOptimizer.applyGradients',
          `variableGradients['${name}']`,
          'the name of a registered variable',
          'an unknown name',
        );
      if (!tf.util.arraysEqual(v.shape, g.shape)) {
        throw new TricksError(
          'TricksOptimizer.applyGradients',
          `variableGradients['${name}']`,
          `shape [${v.shape.join(', ')}]`,
          `shape [${g.shape.join(', ')}]`,
        );
      }
      grads[name] = g;
      params[name] = v;
    }
    this.ensureState(params);
    const previous = this.state!;
    const context: UpdateContext = this.lrOverride === null ? {} : { learningRate: this.lrOverride };
    const next = tf.tidy(() => {
      const { updates, state } = this.transformation.update(grads, previous, params, context);
      for (const [name, u] of Object.entries(updates)) {
        const v = params[name];
        if (v === undefined)
          throw new TricksError(
            'TricksOptimizer.applyGradients',
            'updates',
            'names of updated variables',
            `'${name}'`,
          );
        v.assign(tf.add(v, u));
      }
      return state as tf.TensorContainer;
    }) as OptState;
    keepState(next);
    disposeReplacedState(previous, next);
    this.state = next;
    this.incrementIterations();
  }

  /** Creates state for variables seen for the first time, and applies pending `setWeights`. */
  private ensureState(params: Record<string, tf.Variable>): void {
    if (this.state === null) {
      this.state = keepState(
        tf.tidy(() => this.transformation.init(params) as tf.TensorContainer) as OptState,
      );
      for (const name of Object.keys(params)) this.seen.add(name);
      if (this.pending !== null) {
        const pending = this.pending;
        this.pending = null;
        const restored = keepState(unflattenState(this.state, pending, PREFIX));
        disposeReplacedState(this.state, null);
        tf.dispose(pending.map((w) => w.tensor));
        this.state = restored;
      }
      return;
    }
    const fresh: Record<string, tf.Variable> = {};
    for (const [name, v] of Object.entries(params)) if (!this.seen.has(name)) fresh[name] = v;
    if (Object.keys(fresh).length > 0) {
      const added = keepState(
        tf.tidy(() => this.transformation.init(fresh) as tf.TensorContainer) as OptState,
      );
      this.state = mergeState(this.state, added);
      for (const name of Object.keys(fresh)) this.seen.add(name);
    }
  }

  /**
   * The state as named tensors: tfjs's `iter` scalar first, then `tricks/<path>` entries
   * (numbers are stored exactly as 4 × 16-bit words). The tensors are copies: dispose them.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const iter = await this.saveIterations();
    if (this.state === null) return [iter];
    return [iter, ...flattenState(this.state, PREFIX)];
  }

  /**
   * Restores what {@link getWeights} returned (copies the tensors; the caller keeps ownership).
   * Before the first update the values are held and applied once the variables are known.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const own = rest.filter((w) => w.name.startsWith(`${PREFIX}/`));
    if (own.length === 0) return;
    if (this.state === null) {
      if (this.pending !== null) tf.dispose(this.pending.map((w) => w.tensor));
      this.pending = own.map((w) => ({ name: w.name, tensor: tf.keep(tf.clone(w.tensor)) }));
      return;
    }
    const restored = keepState(unflattenState(this.state, own, PREFIX));
    disposeReplacedState(this.state, null);
    this.state = restored;
  }

  /** Everything needed to resume, as JSON (reads the state back from the backend once). */
  toJson(): TricksOptimizerJson {
    return {
      iterations: this.iterations,
      learningRateOverride: this.lrOverride,
      variables: [...this.seen],
      state: this.state === null ? null : stateToJson(this.state),
    };
  }

  /** Replaces the state with one saved by {@link toJson}. */
  loadJson(json: TricksOptimizerJson): void {
    if (
      json === null ||
      typeof json !== 'object' ||
      typeof json.iterations !== 'number' ||
      !Array.isArray(json.variables)
    ) {
      throw new TricksError(
        'TricksOptimizer.loadJson',
        'json',
        '{ iterations, learningRateOverride, variables, state }',
        describeValue(json),
      );
    }
    const state = json.state === null ? null : keepState(stateFromJson(json.state));
    disposeReplacedState(this.state, null);
    if (this.pending !== null) tf.dispose(this.pending.map((w) => w.tensor));
    this.pending = null;
    this.state = state;
    this.seen = new Set(json.variables);
    this.iterations_ = json.iterations;
    this.lrOverride = json.learningRateOverride;
  }

  /** `{ preset, options }` from `createOptimizer`, or `{ preset: 'custom' }`. */
  override getConfig(): tf.serialization.ConfigDict {
    return this.config;
  }

  /** Rebuilds a preset optimizer from {@link getConfig} (not the state: use `setWeights`). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    void cls;
    const transformation = presetFromConfig('TricksOptimizer.fromConfig', config);
    return new TricksOptimizer(transformation, config) as unknown as T;
  }

  /** Disposes the state tensors. */
  override dispose(): void {
    super.dispose();
    disposeReplacedState(this.state, null);
    this.state = null;
    if (this.pending !== null) tf.dispose(this.pending.map((w) => w.tensor));
    this.pending = null;
  }
}

tf.serialization.registerClass(TricksOptimizer);
