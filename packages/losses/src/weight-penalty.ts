import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, assertTensor, describeValue, TricksError } from '@tftricks/core';

/** Parameters to penalise: a list of tensors / variables, or a map name → tensor. */
export type PenaltyParams = readonly tf.Tensor[] | tf.NamedTensorMap;

export interface PenaltyOptions {
  /** The multiplier λ ≥ 0; default 1. */
  coefficient?: number;
  /**
   * Which tensors to penalise: a predicate `(tensor, name) => boolean` or a RegExp of names.
   * Default: tensors of rank > 1 only, so biases and normalisation scales are left alone
   * (timm's weight-decay mask). Names are map keys, a variable's `name`, or the list index.
   */
  mask?: ((tensor: tf.Tensor, name: string) => boolean) | RegExp;
  /** Names to leave out in any case (applied after `mask`), e.g. `/bias|norm/`. */
  exclude?: RegExp;
}

const defaultMask = (t: tf.Tensor): boolean => t.rank > 1;

function selected(fn: string, params: PenaltyParams, options: PenaltyOptions): tf.Tensor[] {
  if (params === null || typeof params !== 'object' || params instanceof tf.Tensor) {
    throw new TricksError(fn, 'params', 'an array of tensors or a map name → tensor', describeValue(params));
  }
  const entries: [string, unknown][] = Array.isArray(params)
    ? params.map((t, i) => [t instanceof tf.Variable ? t.name : String(i), t])
    : Object.entries(params);
  const { mask = defaultMask, exclude } = options;
  if (!(typeof mask === 'function' || mask instanceof RegExp)) {
    throw new TricksError(
      fn,
      'options.mask',
      'a predicate (tensor, name) => boolean or a RegExp',
      describeValue(mask),
    );
  }
  if (exclude !== undefined && !(exclude instanceof RegExp)) {
    throw new TricksError(fn, 'options.exclude', 'a RegExp of names', describeValue(exclude));
  }
  const out: tf.Tensor[] = [];
  for (const [name, t] of entries) {
    assertTensor(fn, Array.isArray(params) ? `params[${name}]` : `params.${name}`, t);
    const keep = mask instanceof RegExp ? mask.test(name) : mask(t, name);
    if (keep && !(exclude?.test(name) ?? false)) out.push(t);
  }
  return out;
}

function penalty(
  fn: string,
  params: PenaltyParams,
  options: PenaltyOptions,
  term: (t: tf.Tensor) => tf.Tensor,
): tf.Scalar {
  const coefficient = options.coefficient ?? 1;
  assertNumberInRange(fn, 'options.coefficient', coefficient, 0, Number.POSITIVE_INFINITY);
  const tensors = selected(fn, params, options);
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.scalar(0);
    const total = tf.addN(tensors.map((t) => tf.sum(term(tf.cast(t, 'float32')))));
    return tf.mul(total, coefficient) as tf.Scalar;
  });
}

/**
 * L1 penalty `λ · Σ |w|` over the selected parameters (rank > 1 by default). Add it to the
 * loss inside the function you differentiate; the gradient is `λ · sign(w)`.
 */
export function l1Penalty(params: PenaltyParams, options: PenaltyOptions = {}): tf.Scalar {
  return penalty('l1Penalty', params, options, (t) => tf.abs(t));
}

/**
 * L2 penalty `λ · Σ w²` over the selected parameters (rank > 1 by default), Keras's `l2`
 * convention. Its gradient is `2λw`, so SGD weight decay `wd` (PyTorch) is `λ = wd / 2`;
 * with Adam prefer decoupled decay (AdamW) over an L2 term.
 */
export function l2Penalty(params: PenaltyParams, options: PenaltyOptions = {}): tf.Scalar {
  return penalty('l2Penalty', params, options, (t) => tf.square(t));
}
