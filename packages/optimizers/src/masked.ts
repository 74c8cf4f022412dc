import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import type { GradientTransformation, OptState } from './gradient-transformation';
import { maskPredicate, type ParamMask } from './param-mask';

/** State of {@link masked}: the inner state, which covers the selected parameters only. */
export type MaskedState = { inner: OptState };

/**
 * Runs `inner` on the parameters `mask` selects (name RegExp or predicate `(name, param)`);
 * the gradients of the others pass through unchanged. The predicate sees the parameter when
 * `params` are given, else the gradient (same shape).
 */
export function masked(inner: GradientTransformation, mask: ParamMask): GradientTransformation<MaskedState> {
  const selected = maskPredicate('masked', 'mask', mask);
  const pick = (grads: NamedTensorMap, params?: NamedTensorMap): NamedTensorMap => {
    const out: NamedTensorMap = {};
    for (const [n, g] of Object.entries(grads)) if (selected(n, params?.[n] ?? g)) out[n] = g;
    return out;
  };
  return {
    init: (params) => ({ inner: inner.init(pick(params)) }),
    update(grads, state, params, context) {
      const sub = pick(grads, params);
      const r = inner.update(sub, state.inner, params, context);
      const updates: NamedTensorMap = {};
      for (const [n, g] of Object.entries(grads)) updates[n] = n in sub ? r.updates[n]! : g;
      // Inner may skip a name (no update): keep that meaning instead of passing the gradient.
      for (const n of Object.keys(sub)) if (!(n in r.updates)) delete updates[n];
      return { updates, state: { inner: r.state } };
    },
    inspect: (state) => inner.inspect?.(state === null ? null : state.inner),
  };
}
