import { assertInteger, assertNumberInRange } from '@tftricks/core';
import { defineSchedule, type SerializableSchedule } from './schedule';

export interface PolynomialOptions {
  /** The base learning rate, ≥ 0. */
  baseLr: number;
  /** Updates until the rate reaches 0, an integer ≥ 1; default 5 (PyTorch's default). */
  totalIters?: number;
  /** The power of the polynomial, ≥ 0; default 1 (linear decay). */
  power?: number;
}

export interface PolynomialSpec {
  type: 'polynomial';
  baseLr: number;
  totalIters: number;
  power: number;
}

/** PyTorch's `PolynomialLR`: `baseLr · (1 − min(t, totalIters) / totalIters)^power`, 0 from totalIters on. */
export function polynomial(options: PolynomialOptions): SerializableSchedule<PolynomialSpec> {
  const { baseLr, totalIters = 5, power = 1 } = options;
  assertNumberInRange('polynomial', 'options.baseLr', baseLr, 0, Number.POSITIVE_INFINITY);
  assertInteger('polynomial', 'options.totalIters', totalIters, 1);
  assertNumberInRange('polynomial', 'options.power', power, 0, Number.POSITIVE_INFINITY);
  const spec: PolynomialSpec = { type: 'polynomial', baseLr, totalIters, power };
  return defineSchedule(
    'polynomial',
    () => spec,
    (t) => baseLr * (1 - Math.min(totalIters, t) / totalIters) ** power,
  );
}
