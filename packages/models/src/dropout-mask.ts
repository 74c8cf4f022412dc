import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, describeValue, TricksError } from '@tftricks/core';

/**
 * A {0, 1/keep} mask of `shape` (Bernoulli(keep) scaled so the expectation is 1), the
 * inverted-dropout convention of tfjs-layers' Dropout. `seed` undefined: unseeded.
 */
export function scaledBernoulliMask(shape: number[], keep: number, seed: number | undefined): tf.Tensor {
  return tf.tidy(() => {
    const u = tf.randomUniform(shape, 0, 1, 'float32', seed);
    return tf.div(tf.cast(tf.less(u, keep), 'float32'), keep);
  });
}

/** Validates the `rate` and `seed` arguments every dropout-family layer takes. */
export function checkDropArgs(fn: string, rate: unknown, seed: unknown): void {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
    throw new TricksError(fn, 'args.rate', 'a rate in [0, 1)', describeValue(rate));
  if (seed !== undefined && seed !== null) assertInteger(fn, 'args.seed', seed, 0);
}

/**
 * Seeded layers derive one seed per training call (seed, seed + 1, …): a fixed seed would
 * otherwise give tf.randomUniform the same mask at every step.
 */
export class CallSeeds {
  private calls = 0;
  constructor(private readonly seed: number | undefined) {}
  next(): number | undefined {
    if (this.seed === undefined) return undefined;
    return this.seed + this.calls++;
  }
}

/** `kwargs.training === true`, the flag tfjs-layers passes in fit / apply({ training: true }). */
export function isTraining(kwargs: { [key: string]: unknown } | undefined): boolean {
  return kwargs?.training === true;
}
