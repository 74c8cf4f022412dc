import * as tf from '@tensorflow/tfjs-core';
import { type Images, type Rng, withTrustedRange } from '@tftricks/core';
import type { Augmentation, ImageShape } from './augmentation';
import { checkBatch, checkParamsLength } from './batch-checks';
import { type GatedParams, sampleApplied, selectApplied } from './gate';
import { type PixelWindows, sampleWindows } from './pixel-windows';

/** Configuration of {@link gatedAugmentation}. */
export interface GatedConfig<V> {
  name: string;
  p: number;
  sameOnBatch: boolean;
  /** Draws one image's values. */
  draw(rng: Rng, imageShape: ImageShape): V;
  /** Applies per-sample values to the whole batch (a batched functional op); not needed with `windows`. */
  run?(images: Images, values: readonly V[], applied: readonly boolean[]): Images;
  /** `run` already leaves non-applied images untouched (skips the final where-select). */
  selfGated?: boolean;
  /** Checks recorded values before `run` (replayed params may come from a file). */
  check?(values: readonly V[]): void;
  /**
   * The gated op as exact pixel windows (identity for images not applied): it then runs as one
   * window copy (no `run`, no select), and containers can fuse it with neighbouring windows.
   */
  windows?(values: readonly V[], applied: readonly boolean[], imageShape: ImageShape): PixelWindows;
}

/**
 * Builds a per-sample augmentation: each image is augmented with probability `p` and its own
 * drawn values; the op runs once on the whole batch and a mask picks augmented images.
 */
export function gatedAugmentation<V>(config: GatedConfig<V>): Augmentation<GatedParams<V>> {
  const { name, windows } = config;
  const run: NonNullable<GatedConfig<V>['run']> = windows
    ? (images, values, applied) => {
        const [, h, w, c] = images.shape;
        return sampleWindows(images, windows(values, applied, [h, w, c]));
      }
    : config.run!;
  return {
    name,
    sample(rng, batchSize, imageShape) {
      const applied = sampleApplied(rng, batchSize, config.p, config.sameOnBatch);
      const values = config.sameOnBatch
        ? new Array<V>(batchSize).fill(config.draw(rng, imageShape))
        : Array.from({ length: batchSize }, () => config.draw(rng, imageShape));
      return { applied, values };
    },
    apply(batch, params) {
      const n = checkBatch(name, batch);
      checkParamsLength(name, 'params.applied', params?.applied, n);
      checkParamsLength(name, 'params.values', params?.values, n);
      config.check?.(params.values);
      const images = batch.images;
      let out: Images;
      if (!params.applied.some(Boolean)) out = tf.clone(images);
      else {
        // Validated by checkBatch above: the batched op's own range check would repeat it.
        const transformed = withTrustedRange(() => run(images, params.values, params.applied));
        if (config.selfGated || config.windows) out = transformed;
        else {
          out = selectApplied(params.applied, transformed, images);
          transformed.dispose();
        }
      }
      return { images: out, targets: tf.clone(batch.targets) };
    },
    pixelWindows(params, n, imageShape) {
      if (!config.windows) return null;
      checkParamsLength(name, 'params.applied', params?.applied, n);
      checkParamsLength(name, 'params.values', params?.values, n);
      config.check?.(params.values);
      return config.windows(params.values, params.applied, imageShape);
    },
  };
}
