import { assertInteger, describeValue, type Rng, TricksError, withTrustedRange } from '@tftricks/core';
import { type Augmentation, type ImageShape, outputShapeOf } from '../base/augmentation';
import { checkBatch, checkParamsLength } from '../base/batch-checks';
import { checkAugmentations } from './compose';
import { applyOnSubsets } from './subsets';

/**
 * Parameters of {@link oneOf}: the child each image got, and each child's params for the
 * images that chose it (in batch order), or null if none did.
 */
export interface OneOfParams {
  choice: number[];
  children: unknown[];
}

/**
 * Applies one child per image, chosen with probability ∝ `weights` (default uniform) —
 * torchvision `RandomChoice`, but per sample: images are grouped by child, each group goes
 * through its child once, and the batch is reassembled in order. Children must output the
 * same image shape. `sameOnBatch` picks one child for the whole batch.
 */
export function oneOf(
  augmentations: readonly Augmentation<unknown>[],
  weights?: readonly number[],
  options: { sameOnBatch?: boolean } = {},
): Augmentation<OneOfParams> {
  const fn = 'oneOf';
  const augs = checkAugmentations(fn, augmentations);
  const w = checkWeights(fn, weights, augs.length);
  const sameOnBatch = options.sameOnBatch ?? false;
  return choiceAugmentation(
    fn,
    `oneOf(${augs.map((a) => a.name).join(', ')})`,
    augs,
    (rng) => pick(rng, w),
    sameOnBatch,
  );
}

/** Throws unless `weights` are `k` non-negative numbers with a positive sum; returns them normalised. */
export function checkWeights(fn: string, weights: readonly number[] | undefined, k: number): number[] {
  if (weights === undefined) return new Array<number>(k).fill(1 / k);
  const ok =
    Array.isArray(weights) &&
    weights.length === k &&
    weights.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
  const sum = ok ? weights.reduce((a, b) => a + b, 0) : 0;
  if (!ok || !(sum > 0))
    throw new TricksError(
      fn,
      'weights',
      `${k} non-negative numbers with a positive sum`,
      describeValue(weights),
    );
  return weights.map((v) => v / sum);
}

function pick(rng: Rng, weights: readonly number[]): number {
  const u = rng.uniform();
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    acc += weights[k]!;
    if (u < acc) return k;
  }
  return weights.length - 1;
}

/**
 * The per-sample "choose a child" machinery behind {@link oneOf} and `randomApply`.
 * `choose` returns a child index, or −1 for "leave the image unchanged".
 */
export function choiceAugmentation(
  fn: string,
  name: string,
  augs: readonly Augmentation<unknown>[],
  choose: (rng: Rng) => number,
  sameOnBatch: boolean,
): Augmentation<OneOfParams> {
  return {
    name,
    sample(rng, batchSize, imageShape: ImageShape) {
      const choice = sameOnBatch
        ? new Array<number>(batchSize).fill(choose(rng))
        : Array.from({ length: batchSize }, () => choose(rng));
      const mixedShapes = new Set(
        choice.map((k) => (k < 0 ? imageShape : outputShapeOf(augs[k]!, imageShape)).join('×')),
      );
      if (mixedShapes.size > 1) {
        throw new TricksError(
          fn,
          'augmentations',
          'children that keep one output shape (or sameOnBatch)',
          [...mixedShapes].join(' and '),
        );
      }
      const children = augs.map((a, k) => {
        const count = choice.filter((c) => c === k).length;
        return count > 0 ? a.sample(rng, count, imageShape) : null;
      });
      return { choice, children };
    },
    apply(batch, params) {
      const n = checkBatch(fn, batch);
      checkParamsLength(fn, 'params.choice', params?.choice, n);
      checkParamsLength(fn, 'params.children', params?.children, augs.length);
      params.choice.forEach((k, i) => {
        assertInteger(fn, `params.choice[${i}]`, k, -1);
        if (k >= augs.length)
          throw new TricksError(
            fn,
            `params.choice[${i}]`,
            `a child index < ${augs.length}`,
            describeValue(k),
          );
      });
      // Subsets of a checked batch: their range checks would repeat checkBatch's.
      return withTrustedRange(() =>
        applyOnSubsets(fn, batch, params.choice, (k, sub) => augs[k]!.apply(sub, params.children[k])),
      );
    },
    outputShape(shape) {
      const shapes = new Set(augs.map((a) => outputShapeOf(a, shape).join('×')));
      return shapes.size === 1 ? outputShapeOf(augs[0]!, shape) : shape;
    },
  };
}
