import type * as tfl from '@tensorflow/tfjs-layers';
import { createModel, type ModelOptions } from '@tftricks/models';
import type { ModelSpec } from './recipe';

/**
 * Builds a recipe's model (`createModel` of @tftricks/models by `spec.type`, with the rest of
 * `spec` as the builder's options) for images `[H, W, C]` and `numClasses`, with a seeded
 * initialisation: the same seed gives bit-identical weights. Output: `[N, numClasses]` logits.
 */
export function buildModel(
  spec: ModelSpec,
  inputShape: [number, number, number],
  numClasses: number,
  seed: number,
): tfl.LayersModel {
  const { type, ...options } = spec;
  return createModel(type, { ...options, inputShape, numClasses, seed } as ModelOptions);
}
