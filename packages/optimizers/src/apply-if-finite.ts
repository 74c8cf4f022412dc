import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, OptState } from './gradient-transformation';

/** State of {@link applyIfFinite}: skip counters (consecutive and total) and the inner state. */
export type ApplyIfFiniteState = { notFiniteCount: number; totalNotFinite: number; inner: OptState };

/** True when every gradient is finite. Reads one boolean back from the backend (a sync point). */
export function allFinite(grads: Record<string, tf.Tensor>): boolean {
  const names = Object.keys(grads);
  if (names.length === 0) return true;
  return tf.tidy(() => {
    // isNaN/isInf rather than arithmetic tricks: GPU backends need not propagate NaN through g·0.
    const bad = names.map((n) => tf.any(tf.logicalOr(tf.isNaN(grads[n]!), tf.isInf(grads[n]!))));
    return tf.any(tf.stack(bad)).dataSync()[0] === 0;
  });
}

/**
 * Skips the whole update when any gradient holds NaN or ±Infinity: no parameter changes (they
 * stay bit-identical), the inner state (moments, step count, schedule) is untouched, and the
 * skip is counted in the state (`notFiniteCount` consecutive, `totalNotFinite` overall).
 * Wrap the whole optimizer: `applyIfFinite(adamw({...}))`.
 */
export function applyIfFinite(inner: GradientTransformation): GradientTransformation<ApplyIfFiniteState> {
  return {
    init: (params) => ({ notFiniteCount: 0, totalNotFinite: 0, inner: inner.init(params) }),
    update(grads, state, params, context) {
      if (!allFinite(grads)) {
        return {
          updates: {},
          state: {
            notFiniteCount: state.notFiniteCount + 1,
            totalNotFinite: state.totalNotFinite + 1,
            inner: state.inner,
          },
        };
      }
      const r = inner.update(grads, state.inner, params, context);
      return {
        updates: r.updates,
        state: { notFiniteCount: 0, totalNotFinite: state.totalNotFinite, inner: r.state },
      };
    },
    inspect: (state) => inner.inspect?.(state === null ? null : state.inner),
  };
}
