import * as tf from '@tensorflow/tfjs-core';
import type { TensorJson } from '@tftricks/core';
import { describeValue, TricksError, tensorFromJson, tensorToJson } from '@tftricks/core';
import type { OptState } from './gradient-transformation';

/** A named tensor, as `tf.Optimizer.getWeights()` returns them. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** {@link OptState} as plain JSON: tensors become `{ $tensor: TensorJson }`, numbers stay numbers. */
export type OptStateJson =
  | number
  | { $tensor: TensorJson }
  | OptStateJson[]
  | { [key: string]: OptStateJson };

function isRecord(s: OptState): s is { readonly [key: string]: OptState } {
  return typeof s === 'object' && !(s instanceof tf.Tensor) && !Array.isArray(s);
}

/** Calls `visit` on every tensor and number with its '/'-joined path, in a stable order. */
function walk(state: OptState, path: string, visit: (path: string, leaf: tf.Tensor | number) => void): void {
  if (typeof state === 'number' || state instanceof tf.Tensor) {
    visit(path, state);
  } else if (Array.isArray(state)) {
    for (let i = 0; i < state.length; i++)
      walk(state[i] as OptState, path === '' ? `${i}` : `${path}/${i}`, visit);
  } else if (isRecord(state)) {
    for (const key of Object.keys(state).sort())
      walk(state[key]!, path === '' ? key : `${path}/${key}`, visit);
  }
}

/** Every live tensor inside a state. */
export function stateTensors(state: OptState | null): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  if (state !== null) walk(state, '', (_p, leaf) => typeof leaf !== 'number' && out.push(leaf));
  return out;
}

/**
 * `tf.keep`s every tensor of a state, so an enclosing `tf.tidy` (tfjs-layers runs each
 * `model.fit` batch in one) does not dispose optimizer state. Returns the state.
 */
export function keepState<S extends OptState | null>(state: S): S {
  for (const t of stateTensors(state)) tf.keep(t);
  return state;
}

/** Disposes the tensors of `previous` that `next` no longer holds (the step's old state). */
export function disposeReplacedState(previous: OptState | null, next: OptState | null): void {
  const keep = new Set(stateTensors(next).map((t) => t.id));
  for (const t of stateTensors(previous)) if (!keep.has(t.id) && !t.isDisposed) t.dispose();
}

/**
 * A number as a float32 [4] tensor of its float64 bits in 16-bit chunks: exact on every
 * backend (WebGL stores int32 as float32, which would round large integers and all fractions).
 */
function numberToTensor(x: number): tf.Tensor {
  const words = new Uint16Array(new Float64Array([x]).buffer);
  return tf.tensor1d(Array.from(words), 'float32');
}

function tensorToNumber(fn: string, name: string, t: tf.Tensor): number {
  if (t.size !== 4)
    throw new TricksError(fn, name, 'a float32 [4] tensor holding a number', describeValue(t));
  const words = Uint16Array.from(t.dataSync());
  return new Float64Array(words.buffer)[0]!;
}

/**
 * Flattens a state to named tensors (names are '/'-joined paths, prefixed with `prefix`).
 * Tensors are cloned and numbers encoded exactly, so the caller owns and disposes the result.
 */
export function flattenState(state: OptState, prefix = ''): NamedTensor[] {
  const out: NamedTensor[] = [];
  const seen = new Set<string>();
  walk(state, '', (path, leaf) => {
    const name = prefix === '' ? path : `${prefix}/${path}`;
    if (seen.has(name))
      throw new TricksError('flattenState', 'state', 'unique tensor paths', `'${name}' twice`);
    seen.add(name);
    out.push({ name, tensor: typeof leaf === 'number' ? numberToTensor(leaf) : tf.clone(leaf) });
  });
  return out;
}

function rebuild(
  template: OptState,
  path: string,
  leaf: (path: string, old: tf.Tensor | number) => tf.Tensor | number,
): OptState {
  if (typeof template === 'number' || template instanceof tf.Tensor) return leaf(path, template);
  const join = (k: string | number) => (path === '' ? `${k}` : `${path}/${k}`);
  if (Array.isArray(template)) return template.map((s: OptState, i: number) => rebuild(s, join(i), leaf));
  const out: { [key: string]: OptState } = {};
  for (const key of Object.keys(template).sort())
    out[key] = rebuild((template as Record<string, OptState>)[key]!, join(key), leaf);
  return out;
}

/**
 * The inverse of {@link flattenState}: a state shaped like `template` whose tensors and numbers
 * are read from `weights` (new tensors; `template` and `weights` are left alone). Throws a
 * {@link TricksError} when a name is missing or a shape differs.
 */
export function unflattenState<S extends OptState>(
  template: S,
  weights: readonly NamedTensor[],
  prefix = '',
): S {
  const byName = new Map(weights.map((w) => [w.name, w.tensor]));
  return rebuild(template, '', (path, old) => {
    const name = prefix === '' ? path : `${prefix}/${path}`;
    const t = byName.get(name);
    if (t === undefined)
      throw new TricksError('setWeights', 'weightValues', `a tensor named '${name}'`, 'none');
    if (typeof old === 'number') return tensorToNumber('setWeights', `weightValues['${name}']`, t);
    if (!tf.util.arraysEqual(t.shape, old.shape)) {
      throw new TricksError(
        'setWeights',
        `weightValues['${name}']`,
        `shape [${old.shape.join(', ')}]`,
        `shape [${t.shape.join(', ')}]`,
      );
    }
    return tf.clone(t);
  }) as S;
}

/** A state as JSON, bit-exact (tensors via core's `tensorToJson`). Reads tensors back. */
export function stateToJson(state: OptState): OptStateJson {
  if (typeof state === 'number') return state;
  if (state instanceof tf.Tensor) return { $tensor: tensorToJson(state) };
  if (Array.isArray(state)) return state.map((s: OptState) => stateToJson(s));
  const out: { [key: string]: OptStateJson } = {};
  for (const key of Object.keys(state).sort())
    out[key] = stateToJson((state as Record<string, OptState>)[key]!);
  return out;
}

/** The inverse of {@link stateToJson}: new tensors with identical bits. */
export function stateFromJson(json: OptStateJson): OptState {
  if (typeof json === 'number') return json;
  if (Array.isArray(json)) return json.map((j) => stateFromJson(j));
  if (json !== null && typeof json === 'object') {
    if ('$tensor' in json) return tensorFromJson(json.$tensor as TensorJson);
    const out: { [key: string]: OptState } = {};
    for (const [k, v] of Object.entries(json)) out[k] = stateFromJson(v);
    return out;
  }
  throw new TricksError(
    'stateFromJson',
    'json',
    'numbers, arrays, records and { $tensor }',
    describeValue(json),
  );
}

/**
 * Adds the entries of `fresh` (the state `init` made for newly seen parameters) that `old`
 * lacks; everything `old` has wins. Tensors of `fresh` that are not used are disposed.
 */
export function mergeState(old: OptState, fresh: OptState): OptState {
  if (typeof old === 'number' || old instanceof tf.Tensor) {
    if (fresh instanceof tf.Tensor && fresh !== old) fresh.dispose();
    return old;
  }
  if (Array.isArray(old) && Array.isArray(fresh))
    return old.map((o: OptState, i: number) => mergeState(o, fresh[i]!));
  if (isRecord(old) && isRecord(fresh)) {
    const out: { [key: string]: OptState } = { ...old };
    for (const [k, v] of Object.entries(fresh)) out[k] = k in old ? mergeState(old[k]!, v) : v;
    return out;
  }
  throw new TricksError('mergeState', 'fresh', 'a state with the same structure', describeValue(fresh));
}
