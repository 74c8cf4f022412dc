import { assertInteger, describeValue, type Rng, TricksError } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import type { GatedParams } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { horizontalFlipWindows } from './random-horizontal-flip';

/**
 * Draws the per-sample phases of {@link alternatingFlip}: one fair coin (0 or 1) per dataset
 * index, from `rng`. Draw them once per training run and keep them (plain JSON, e.g. in a
 * checkpoint): the same seed gives the same phases.
 *
 * @param datasetSize the number of training samples (integer ≥ 1).
 * @returns `datasetSize` phases, each 0 or 1.
 */
export function alternatingFlipPhases(rng: Rng, datasetSize: number): number[] {
  assertInteger('alternatingFlipPhases', 'datasetSize', datasetSize, 1);
  return Array.from({ length: datasetSize }, () => (rng.bernoulli(0.5) ? 1 : 0));
}

/** Options of {@link alternatingFlip}: what the training loop knows about the batch. */
export interface AlternatingFlipOptions {
  /** One phase (0 or 1) per dataset index, from {@link alternatingFlipPhases}. */
  phases: readonly number[];
  /** The 0-based epoch (integer ≥ 0). */
  epoch: number;
  /**
   * The dataset index of each image of the batch, in batch order (`LabelledBatch.indices` of
   * `@tftricks/data`), integers in [0, phases.length).
   */
  indices: readonly number[];
}

/**
 * Alternating flip (airbench, Jordan 2024, arXiv:2404.00498): image i is mirrored left↔right in epoch e
 * exactly when `phases[i] + e` is odd, so every image is seen flipped every other epoch,
 * starting from its own random phase, instead of by an independent coin each time. Over any
 * two consecutive epochs each image is seen once as is and once mirrored; random flipping
 * repeats a view in half of those pairs. The paper finds it better than random flipping in
 * every setting where flipping helps at all.
 *
 * The flip of a batch depends on which samples it holds and on the epoch, so this builds the
 * augmentation of one batch (a plain object, cheap to make per batch). `sample` draws nothing
 * (the randomness is in `phases`) and returns torchvision-style `{ applied, values }` params,
 * like `randomHorizontalFlip`; `apply` replays them, and the flip fuses with crops in `compose`.
 *
 * @example
 * const phases = alternatingFlipPhases(createRng(7), train.size); // once per run
 * for (let epoch = 0; epoch < epochs; epoch++)
 *   for (const b of batches(train, { batchSize: 512, rng })) {
 *     const aug = compose([randomCrop({ size: 28, padding: 2 }), alternatingFlip({ phases, epoch, indices: b.indices })]);
 *     const { batch } = augment(aug, b, rng);
 *   }
 */
export function alternatingFlip(options: AlternatingFlipOptions): Augmentation<GatedParams<null>> {
  const fn = 'alternatingFlip';
  if (options === null || typeof options !== 'object')
    throw new TricksError(fn, 'options', '{ phases, epoch, indices }', describeValue(options));
  const { phases, epoch, indices } = options;
  if (!Array.isArray(phases) || phases.length === 0)
    throw new TricksError(fn, 'options.phases', 'a non-empty array of 0/1 phases', describeValue(phases));
  assertInteger(fn, 'options.epoch', epoch, 0);
  if (!Array.isArray(indices))
    throw new TricksError(fn, 'options.indices', 'an array of dataset indices', describeValue(indices));
  // Only the phases this batch uses are checked: per batch O(batch), not O(dataset).
  const applied = indices.map((j, i) => {
    if (!Number.isInteger(j) || j < 0 || j >= phases.length)
      throw new TricksError(
        fn,
        `options.indices[${i}]`,
        `a dataset index in [0, ${phases.length})`,
        describeValue(j),
      );
    const phase = phases[j];
    if (phase !== 0 && phase !== 1)
      throw new TricksError(fn, `options.phases[${j}]`, 'a phase 0 or 1', describeValue(phase));
    return (phase + epoch) % 2 === 1;
  });
  const flip = gatedAugmentation<null>({
    name: fn,
    p: 1,
    sameOnBatch: false,
    draw: () => null,
    windows: horizontalFlipWindows,
  });
  return {
    ...flip,
    sample(_rng, batchSize) {
      if (batchSize !== applied.length)
        throw new TricksError(
          fn,
          'batchSize',
          `${applied.length} images (one per entry of options.indices)`,
          describeValue(batchSize),
        );
      return { applied: applied.slice(), values: new Array<null>(batchSize).fill(null) };
    },
  };
}
