import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  assertPerSample,
  assertProbability,
  assertTargets,
  type Batch,
  describeValue,
  type Images,
  type Rng,
  TricksError,
  withTrustedRange,
} from '@tftricks/core';
import type { Augmentation, ImageShape } from '../augmentation';
import { type PixelWindows, sampleWindows } from '../geometric/pixel-windows';

/** Options shared by every random augmentation that can be skipped per sample. */
export interface GateOptions {
  /** Probability that each image is augmented, in [0, 1]. */
  p?: number;
  /** Draw once and use the same decision and parameters for the whole batch; default false. */
  sameOnBatch?: boolean;
}

/**
 * Parameters of a gated per-sample augmentation: whether each image was augmented, and the
 * values it was (or would have been) augmented with. Plain JSON.
 */
export interface GatedParams<V> {
  applied: boolean[];
  values: V[];
}

/** Throws unless `batch` is a valid {@link Batch}; returns N. */
export function checkBatch(fn: string, batch: Batch): number {
  if (batch === null || typeof batch !== 'object')
    throw new TricksError(fn, 'batch', '{ images, targets }', describeValue(batch));
  assertImages(fn, 'batch.images', batch.images);
  const n = batch.images.shape[0];
  assertTargets(fn, 'batch.targets', batch.targets, n);
  return n;
}

/** Throws unless the parameters' per-sample arrays fit a batch of `n` images. */
export function checkParamsLength(
  fn: string,
  arg: string,
  values: ArrayLike<unknown> | undefined,
  n: number,
): void {
  if (!values || typeof values.length !== 'number')
    throw new TricksError(fn, arg, `${n} per-sample values`, describeValue(values));
  assertPerSample(fn, arg, values, n);
}

/** Validates `p` and `sameOnBatch`. */
export function checkGate(
  fn: string,
  options: GateOptions,
  defaultP: number,
): { p: number; sameOnBatch: boolean } {
  const p = options.p ?? defaultP;
  assertProbability(fn, 'options.p', p);
  const sameOnBatch = options.sameOnBatch ?? false;
  if (typeof sameOnBatch !== 'boolean')
    throw new TricksError(fn, 'options.sameOnBatch', 'a boolean', describeValue(sameOnBatch));
  return { p, sameOnBatch };
}

/** Per-sample Bernoulli(p) decisions (one shared draw with `sameOnBatch`). p = 1 and p = 0 draw nothing. */
export function sampleApplied(rng: Rng, n: number, p: number, sameOnBatch: boolean): boolean[] {
  const draw = () => (p >= 1 ? true : p <= 0 ? false : rng.bernoulli(p));
  if (sameOnBatch) return new Array<boolean>(n).fill(draw());
  return Array.from({ length: n }, draw);
}

/**
 * `applied[i] ? transformed[i] : original[i]` — a where-select, not a branch, so the batch
 * stays one tensor. Returns a new tensor.
 */
export function selectApplied(applied: readonly boolean[], transformed: Images, original: Images): Images {
  if (applied.every(Boolean)) return tf.clone(transformed);
  if (!applied.some(Boolean)) return tf.clone(original);
  // A [N, 1, 1, 1] mask: tf.where broadcasts the condition from the right.
  return tf.tidy(
    () =>
      tf.where(
        tf.tensor4d(applied.map(Number), [applied.length, 1, 1, 1], 'bool'),
        transformed,
        original,
      ) as Images,
  );
}

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

/** torch.round / Python 3 round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Validates a `[lo, hi]` range option (lo ≤ hi, both within [min, max]). */
export function checkRange(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number,
): [number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) &&
    value[0] <= value[1];
  if (!ok)
    throw new TricksError(fn, arg, `a range [lo, hi] with ${min} ≤ lo ≤ hi ≤ ${max}`, describeValue(value));
  return [value[0], value[1]];
}

/** `d` → [−d, d] (d ≥ 0), or a checked [lo, hi] range: torchvision's `_setup_angle` / jitter ranges. */
export function symmetricRange(
  fn: string,
  arg: string,
  value: number | readonly [number, number],
  center = 0,
  min = -Infinity,
): [number, number] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new TricksError(fn, arg, 'a number ≥ 0 or a range [lo, hi]', describeValue(value));
    return [Math.max(min, center - value), center + value];
  }
  return checkRange(fn, arg, value, min, Infinity);
}
