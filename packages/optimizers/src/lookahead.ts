import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumberInRange, TricksError } from '@tftricks/core';
import type { GradientTransformation, OptState } from './gradient-transformation';

/** State of {@link lookahead}: inner steps taken, the slow weights, the inner state. */
export type LookaheadState = { count: number; slow: NamedTensorMap; inner: OptState };

/** Options of {@link lookahead}. */
export interface LookaheadOptions {
  /** Synchronise every `k` inner steps (integer ≥ 1). Default 5. */
  k?: number;
  /** Slow-weight step size α in [0, 1]. Default 0.5. */
  alpha?: number;
}

/**
 * Lookahead (Zhang et al. 2019) around any optimizer: the parameters are the fast weights;
 * every k-th step the slow weights move φ ← φ + α(θ − φ) and the fast weights are reset to
 * them (the update is φ_new − θ). Needs `params`. `lookahead(radam())` is Ranger.
 */
export function lookahead(
  inner: GradientTransformation,
  options: LookaheadOptions = {},
): GradientTransformation<LookaheadState> {
  const { k = 5, alpha = 0.5 } = options;
  assertInteger('lookahead', 'options.k', k, 1);
  assertNumberInRange('lookahead', 'options.alpha', alpha, 0, 1);
  return {
    init(params) {
      const slow: NamedTensorMap = {};
      for (const [n, p] of Object.entries(params)) slow[n] = tf.clone(p);
      return { count: 0, slow, inner: inner.init(params) };
    },
    update(grads, state, params, context) {
      if (params === undefined)
        throw new TricksError('lookahead', 'params', 'the current parameters', 'undefined');
      const r = inner.update(grads, state.inner, params, context);
      const count = state.count + 1;
      if (count % k !== 0) return { updates: r.updates, state: { count, slow: state.slow, inner: r.state } };
      const slow = { ...state.slow };
      const updates: NamedTensorMap = {};
      for (const [n, u] of Object.entries(r.updates)) {
        if (params[n] === undefined)
          throw new TricksError('lookahead', `params['${n}']`, 'a tensor', 'undefined');
        const fast = tf.add(params[n]!, u);
        const s = state.slow[n]!;
        slow[n] = tf.add(s, tf.mul(tf.sub(fast, s), tf.scalar(alpha)));
        updates[n] = tf.sub(slow[n]!, params[n]!);
      }
      return { updates, state: { count, slow, inner: r.state } };
    },
    inspect: (state) => inner.inspect?.(state === null ? null : state.inner),
  };
}
