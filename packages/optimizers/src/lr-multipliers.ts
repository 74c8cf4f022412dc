import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';
import type { EmptyState } from './add-decayed-weights';
import type { GradientTransformation } from './gradient-transformation';
import { maskPredicate, type ParamMask } from './param-mask';

/** One rule of {@link lrMultipliers}: the parameters `mask` selects get `factor`. */
export type LrMultiplierRule = readonly [mask: ParamMask, factor: number];

/**
 * Per-parameter learning-rate factors, one of:
 * - a record `variable name → factor` (e.g. `progressiveUnfreezing(...).lrMultipliers()`);
 * - rules `[mask, factor][]` (name RegExp or predicate `(name, param)`), the first match wins;
 * - a function `(name, param) => factor`.
 * Factors are finite numbers ≥ 0; a parameter nothing names gets `options.default`.
 */
export type LrMultiplierMap =
  | Readonly<Record<string, number>>
  | readonly LrMultiplierRule[]
  | ((name: string, param: Tensor) => number);

/** Options of {@link lrMultipliers}. */
export interface LrMultipliersOptions {
  /** Factor of a parameter the map does not name (finite, ≥ 0). Default 1. */
  default?: number;
}

function checkFactor(arg: string, f: unknown): number {
  if (typeof f !== 'number' || !Number.isFinite(f) || f < 0)
    throw new TricksError('lrMultipliers', arg, 'a finite factor ≥ 0', describeValue(f));
  return f;
}

/**
 * Scales each parameter's update by its own factor, a per-parameter learning rate in optax
 * style (a parameter group of torch with its own `lr`). Since every transformation after the
 * non-linear ones (Adam, momentum) is linear, the factor multiplies that parameter's learning
 * rate wherever it sits after them; where it sits relative to `addDecayedWeights` decides
 * whether the decay is scaled too (before it: not scaled, as airbench's BN biases, whose LR is
 * ×64 but whose decay is not).
 *
 * Uses: BatchNorm-bias LR scaling (airbench: `[[/batch_normalization.*\/beta/, 64]]`),
 * layer-wise LR decay, and the discriminative rates of `progressiveUnfreezing` in
 * `@tftricks/models`: `lrMultipliers(plan.lrMultipliers())`. Stateless; factor 1 passes the
 * tensor through, other factors cost one multiply per parameter. The map is read on the CPU
 * (no read-back). The predicate sees the parameter when `params` are given, else the update.
 *
 * @example
 * // airbench: Nesterov SGD whose BatchNorm offsets learn 64× faster.
 * chain(traceMomentum({ decay: 0.85, nesterov: true }), lrMultipliers([[/\/beta$/, 64]]), scaleByLearningRate(lr))
 */
export function lrMultipliers(
  factors: LrMultiplierMap,
  options: LrMultipliersOptions = {},
): GradientTransformation<EmptyState> {
  const fallback = checkFactor('options.default', options.default ?? 1);
  let factorOf: (name: string, param: Tensor) => number;
  if (typeof factors === 'function') {
    factorOf = (name, param) => checkFactor(`factors('${name}')`, factors(name, param));
  } else if (Array.isArray(factors)) {
    const rules = (factors as readonly unknown[]).map((rule, i) => {
      if (!Array.isArray(rule) || rule.length !== 2)
        throw new TricksError('lrMultipliers', `factors[${i}]`, 'a rule [mask, factor]', describeValue(rule));
      const selected = maskPredicate('lrMultipliers', `factors[${i}][0]`, rule[0]);
      return { selected, factor: checkFactor(`factors[${i}][1]`, rule[1]) };
    });
    factorOf = (name, param) => rules.find((r) => r.selected(name, param))?.factor ?? fallback;
  } else if (factors !== null && typeof factors === 'object') {
    const table = new Map<string, number>();
    for (const [name, f] of Object.entries(factors)) table.set(name, checkFactor(`factors['${name}']`, f));
    factorOf = (name) => table.get(name) ?? fallback;
  } else {
    throw new TricksError(
      'lrMultipliers',
      'factors',
      'a record name → factor, rules [mask, factor][] or a function (name, param) => factor',
      describeValue(factors),
    );
  }
  return {
    init: () => ({}),
    update(grads, state, params) {
      const updates: NamedTensorMap = {};
      for (const [name, u] of Object.entries(grads)) {
        const f = factorOf(name, params?.[name] ?? u);
        updates[name] = f === 1 ? u : tf.mul(u, tf.scalar(f));
      }
      return { updates, state };
    },
  };
}
