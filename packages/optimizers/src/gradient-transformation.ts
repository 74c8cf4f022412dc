import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';

/**
 * Optimizer state: tensors and plain numbers, nested in arrays and string-keyed records.
 * Nothing else (no functions, no closures), so any state can be flattened to named tensors
 * (`getWeights`/`setWeights`) or written to JSON bit-exactly. Step counts are numbers so that
 * schedules and bias corrections are evaluated on the CPU without a backend read-back.
 *
 * States are declared with `type` aliases (not interfaces) so they fit this index signature.
 */
export type OptState = Tensor | number | readonly OptState[] | { readonly [key: string]: OptState };

/** Per-call information from the driver, e.g. a learning rate set by a schedule callback. */
export interface UpdateContext {
  /** When set, `scaleByLearningRate` uses this value instead of its own schedule. */
  readonly learningRate?: number;
}

/** What one `update` returns. */
export interface UpdateResult<S extends OptState> {
  /**
   * Updates to *add* to the parameters (optax convention: `scaleByLearningRate` multiplies by
   * −lr). Same shapes as the gradients. A name missing from `updates` leaves that parameter
   * unchanged (used by skipped and accumulating steps, so skipped weights stay bit-identical).
   */
  updates: NamedTensorMap;
  /** The new state. Entries that did not change may be the very tensors of the old state. */
  state: S;
}

/** What {@link GradientTransformation.inspect} reports: the step count and the next LR. */
export interface Hyperparams {
  /** Number of real (applied) updates the learning-rate transformation has counted. */
  step: number;
  /** Learning rate the next real update will use (before any driver override). */
  learningRate: number;
}

/**
 * An optax-style gradient transformation: two pure functions over `NamedTensorMap`s.
 *
 * - `init(params)` returns a fresh state; its tensors are new and owned by the state.
 * - `update(grads, state, params?, context?)` returns `{ updates, state }`. It never disposes
 *   its inputs and never stores an input tensor in the state (the caller owns them). Run it
 *   in `tf.tidy`, keep the new state and dispose the tensors of the old state that the new one
 *   no longer holds; {@link TricksOptimizer} does exactly that.
 *
 * Every map is keyed by parameter (variable) name; grads may cover a subset of the params,
 * and per-parameter state for absent names is carried over unchanged.
 */
export interface GradientTransformation<S extends OptState = OptState> {
  init(params: NamedTensorMap): S;
  update(grads: NamedTensorMap, state: S, params?: NamedTensorMap, context?: UpdateContext): UpdateResult<S>;
  /**
   * Optional: the step count and the learning rate of the next update, read from the state
   * (`null` before `init`). Chains and wrappers forward it; `scaleByLearningRate` answers it.
   */
  inspect?(state: S | null): Hyperparams | undefined;
}
