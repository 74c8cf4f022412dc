import type * as tfl from '@tensorflow/tfjs-layers';
import { describeValue, TricksError } from '@tftricks/core';

/**
 * Which layers of a model to act on:
 * - a layer name, or an array of names (each must exist);
 * - a RegExp tested against layer names (e.g. `/^stage0_/`);
 * - a predicate `(layer, index) => boolean`;
 * - an index range `{ from, to }` over `model.layers`, half-open [from, to); negative
 *   indices count from the end (`{ from: -2 }` = the last two layers).
 * A selector that matches no layer is an error, never a silent no-op.
 */
export type LayerSelector =
  | string
  | readonly string[]
  | RegExp
  | ((layer: tfl.layers.Layer, index: number) => boolean)
  | { from?: number; to?: number };

/** The layers of `model` that `selector` picks, in model order. Throws a TricksError naming `fn`. */
export function selectLayers(
  fn: string,
  model: tfl.LayersModel,
  selector: LayerSelector,
  arg = 'selector',
): tfl.layers.Layer[] {
  const layers = model.layers;
  let picked: tfl.layers.Layer[];
  if (typeof selector === 'string' || Array.isArray(selector)) {
    const names = (typeof selector === 'string' ? [selector] : selector) as readonly string[];
    const missing = names.filter((n) => !layers.some((l) => l.name === n));
    if (missing.length > 0) {
      const known = layers.map((l) => l.name);
      const shown =
        known.length > 12 ? `${known.slice(0, 12).join(', ')}, … (${known.length} layers)` : known.join(', ');
      throw new TricksError(
        fn,
        arg,
        `names of layers of '${model.name}' (${shown})`,
        `unknown ${missing.map((n) => JSON.stringify(n)).join(', ')}`,
      );
    }
    picked = layers.filter((l) => names.includes(l.name));
  } else if (selector instanceof RegExp) {
    picked = layers.filter((l) => selector.test(l.name));
  } else if (typeof selector === 'function') {
    picked = layers.filter((l, i) => selector(l, i));
  } else if (selector !== null && typeof selector === 'object') {
    const n = layers.length;
    const norm = (v: number | undefined, dflt: number, key: string) => {
      if (v === undefined) return dflt;
      if (!Number.isInteger(v) || v < -n || v > n)
        throw new TricksError(fn, `${arg}.${key}`, `an integer index in [${-n}, ${n}]`, describeValue(v));
      return v < 0 ? n + v : v;
    };
    const range = selector as { from?: number; to?: number };
    const from = norm(range.from, 0, 'from');
    const to = norm(range.to, n, 'to');
    picked = layers.slice(from, to);
  } else {
    throw new TricksError(
      fn,
      arg,
      'a layer name, names, RegExp, predicate or { from, to } range',
      describeValue(selector),
    );
  }
  if (picked.length === 0)
    throw new TricksError(
      fn,
      arg,
      `a selector matching at least one layer of '${model.name}'`,
      `${describeSelector(selector)} (matched none)`,
    );
  return picked;
}

function describeSelector(s: LayerSelector): string {
  if (s instanceof RegExp) return String(s);
  if (typeof s === 'function') return 'a predicate';
  if (typeof s === 'object' && s !== null && !Array.isArray(s)) return `range ${JSON.stringify(s)}`;
  return describeValue(s);
}

interface CompiledInternals {
  collectedTrainableWeights?: tfl.LayerVariable[] | null;
}

/**
 * Sets `trainable` on layers (recursing into nested models) and, when the model is
 * compiled, refreshes the weight list `fit` trains — the one part of `compile()` that reads
 * the flags — so the optimizer and metrics are kept (no recompile needed).
 */
export function setTrainable(
  model: tfl.LayersModel,
  layers: readonly tfl.layers.Layer[],
  trainable: boolean,
): void {
  const visit = (layer: tfl.layers.Layer) => {
    layer.trainable = trainable;
    if (layer.getClassName() === 'BatchNormalization') batchNormFollowsTrainable(layer);
    const inner = (layer as unknown as { layers?: tfl.layers.Layer[] }).layers;
    if (Array.isArray(inner)) inner.forEach(visit);
  };
  layers.forEach(visit);
  refreshTrainableWeights(model);
}

/**
 * After `trainable` flags changed: refreshes the weight list a compiled model's `fit` trains
 * (the one part of `compile()` that reads the flags), so no recompile is needed.
 */
export function refreshTrainableWeights(model: tfl.LayersModel): void {
  const internals = model as unknown as CompiledInternals;
  if (internals.collectedTrainableWeights != null)
    internals.collectedTrainableWeights = model.trainableWeights;
}

const followsTrainable = new WeakSet<tfl.layers.Layer>();

/**
 * Makes a BatchNormalization layer run in inference mode while frozen, as Keras does: its
 * moving statistics then stay bit-identical during training too, and it normalises with
 * them instead of batch statistics. Installed once per layer; checks the flag at call time.
 */
function batchNormFollowsTrainable(layer: tfl.layers.Layer): void {
  if (followsTrainable.has(layer)) return;
  followsTrainable.add(layer);
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
}

/**
 * Freezes the selected layers (`layer.trainable = false`, recursively into nested models).
 * Frozen BatchNorm layers run in inference mode, so their statistics stay fixed as well.
 * A compiled model's training weight list is refreshed. Returns the selected layer names.
 * When an optimizer already holds per-variable state, realign it with
 * {@link realignOptimizerState} (or use {@link progressiveUnfreezing}, which does).
 */
export function freeze(model: tfl.LayersModel, selector: LayerSelector): string[] {
  const layers = selectLayers('freeze', model, selector);
  setTrainable(model, layers, false);
  return layers.map((l) => l.name);
}

/** The inverse of {@link freeze}: makes the selected layers trainable again. Returns their names. */
export function unfreeze(model: tfl.LayersModel, selector: LayerSelector): string[] {
  const layers = selectLayers('unfreeze', model, selector);
  setTrainable(model, layers, true);
  return layers.map((l) => l.name);
}

/** Names of the variables an optimizer updates for `model` now, in `fit`'s order. */
export function trainableVariableNames(model: tfl.LayersModel): string[] {
  return model.trainableWeights.map((w) => w.name);
}
