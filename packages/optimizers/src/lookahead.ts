import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import type { Schedule } from '@tftricks/schedulers';
import type { GradientTransformation, OptState } from './gradient-transformation';

/** State of {@link lookahead}: inner steps taken, the slow weights, the inner state. */
export type LookaheadState = { count: number; slow: NamedTensorMap; inner: OptState };

/** Options of {@link lookahead}. */
export interface LookaheadOptions {
  /** Synchronise every `k` inner steps (integer ≥ 1). Default 5. */
  k?: number;
  /**
   * Slow-weight step size α in [0, 1], or a schedule of it: `alpha(n)` is evaluated at each
   * synchronisation with n = the number of inner updates taken so far (a multiple of `k`), and
   * must return a number in [0, 1]. Default 0.5.
   *
   * airbench's EMA (every 5 steps, decay ρ = 0.95⁵ · (n / total)³ ramping up with progress, from
   * a start step on) is `{ k: 5, alpha: (n) => (n <= start ? 1 : 1 - 0.95 ** 5 * (n / total) ** 3) }`:
   * α = 1 − ρ, and α = 1 before the start makes the slow weights follow the fast ones.
   */
  alpha?: number | Schedule;
}

/**
 * Lookahead (Zhang et al. 2019) around any optimizer: the parameters are the fast weights;
 * every k-th step the slow weights move φ ← φ + α(θ − φ) and the fast weights are reset to
 * them (the update is φ_new − θ). Needs `params`. `lookahead(radam())` is Ranger. With an α
 * schedule this is also airbench's weight EMA copied back every k steps (see `alpha`).
 */
export function lookahead(
  inner: GradientTransformation,
  options: LookaheadOptions = {},
): GradientTransformation<LookaheadState> {
  const { k = 5, alpha = 0.5 } = options;
  assertInteger('lookahead', 'options.k', k, 1);
  if (typeof alpha !== 'function') assertNumberInRange('lookahead', 'options.alpha', alpha, 0, 1);
  const alphaAt = (n: number): number => {
    if (typeof alpha !== 'function') return alpha;
    const a = alpha(n);
    if (typeof a !== 'number' || !(a >= 0 && a <= 1))
      throw new TricksError('lookahead', `options.alpha(${n})`, 'a number in [0, 1]', describeValue(a));
    return a;
  };
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
      const alphaNow = alphaAt(count);
      const a = tf.scalar(alphaNow);
      const slow = { ...state.slow };
      const updates: NamedTensorMap = {};
      for (const [n, u] of Object.entries(r.updates)) {
        if (params[n] === undefined)
          throw new TricksError('lookahead', `params['${n}']`, 'a tensor', 'undefined');
        const fast = tf.add(params[n]!, u);
        // α = 1 (a schedule before its start) is a plain step, bit for bit: φ ← θ, update u.
        if (alphaNow === 1) {
          slow[n] = fast;
          updates[n] = u;
          continue;
        }
        const s = state.slow[n]!;
        slow[n] = tf.add(s, tf.mul(tf.sub(fast, s), a));
        updates[n] = tf.sub(slow[n]!, params[n]!);
      }
      return { updates, state: { count, slow, inner: r.state } };
    },
    inspect: (state) => inner.inspect?.(state === null ? null : state.inner),
  };
}
