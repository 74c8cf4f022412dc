import { assertInteger, assertNumberInRange } from '@tftricks/core';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface ConstantOptions {
  /** The learning rate, ≥ 0. */
  lr: number;
  /** Multiplier for the first `totalIters` updates, in [0, 1] (PyTorch `ConstantLR`); default 1. */
  factor?: number;
  /** Updates that run at `lr * factor`, an integer ≥ 0; default 0. */
  totalIters?: number;
}

export interface ConstantSpec {
  type: 'constant';
  lr: number;
  factor: number;
  totalIters: number;
}

/**
 * A constant learning rate; with `factor`/`totalIters` it is PyTorch's `ConstantLR`:
 * `lr * factor` for t < totalIters, then `lr`.
 */
export function constant(options: ConstantOptions): SerializableSchedule<ConstantSpec> {
  const { lr, factor = 1, totalIters = 0 } = options;
  assertNumberInRange('constant', 'options.lr', lr, 0, Number.POSITIVE_INFINITY);
  assertNumberInRange('constant', 'options.factor', factor, 0, 1);
  assertInteger('constant', 'options.totalIters', totalIters, 0);
  const spec: ConstantSpec = { type: 'constant', lr, factor, totalIters };
  return defineSchedule(
    'constant',
    () => spec,
    (t) => (t < totalIters ? lr * factor : lr),
  );
}
