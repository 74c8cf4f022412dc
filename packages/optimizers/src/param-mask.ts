import type { Tensor } from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';

/**
 * Chooses parameters by name: a `RegExp` (included when it matches the variable name) or a
 * predicate `(name, param) => boolean`. Weight-decay masks default to {@link decayMatrices}.
 */
export type ParamMask = RegExp | ((name: string, param: Tensor) => boolean);

/**
 * The default weight-decay mask (timm): decay parameters of rank ≥ 2 (kernels, embeddings) and
 * skip rank ≤ 1 ones (biases, norm scales and offsets).
 */
export function decayMatrices(_name: string, param: Tensor): boolean {
  return param.rank > 1;
}

/** Decays every parameter (PyTorch's behaviour without parameter groups). */
export function decayAll(): boolean {
  return true;
}

/** Validates a mask and turns it into a predicate. A global RegExp's `lastIndex` is ignored. */
export function maskPredicate(
  fn: string,
  arg: string,
  mask: unknown,
): (name: string, param: Tensor) => boolean {
  if (mask instanceof RegExp) {
    const re = new RegExp(mask.source, mask.flags.replace(/[gy]/g, ''));
    return (name) => re.test(name);
  }
  if (typeof mask === 'function') return mask as (name: string, param: Tensor) => boolean;
  throw new TricksError(fn, arg, 'a RegExp or a predicate (name, param) => boolean', describeValue(mask));
}
