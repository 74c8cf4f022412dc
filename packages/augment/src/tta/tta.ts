import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  assertInteger,
  assertOneOf,
  createRng,
  describeValue,
  type Images,
  TricksError,
} from '@tftricks/core';
import { augmentImages } from '../base/augment';
import type { Augmentation } from '../base/augmentation';
import type { Box } from '../base/box';
import { roundHalfEven } from '../base/round-half-even';
import { flipImages } from '../geometric/flip-images';
import { resizeBoxes } from '../geometric/resized-crop';

/**
 * A deterministic test-time view: maps `[N, H, W, C]` images to views of the same shape.
 * Must be deterministic, so that TTA predictions are reproducible.
 */
export interface TtaView {
  readonly name: string;
  apply(images: Images): Images;
}

/** A view: `'identity'`, `'hflip'`, `'vflip'`, or a {@link TtaView}. */
export type TtaTransform = 'identity' | 'hflip' | 'vflip' | TtaView;

/** How the K views' probabilities are merged per image. */
export type TtaMerge = 'mean' | 'gmean' | 'max';

/** Options of {@link tta}. */
export interface TtaOptions {
  /** The views, at least one; default `['identity', 'hflip']`. */
  transforms?: readonly TtaTransform[];
  /**
   * `'mean'` of probabilities (default), `'gmean'` (geometric mean, renormalised to sum 1),
   * or `'max'` (element-wise max over views, renormalised to sum 1).
   */
  merge?: TtaMerge;
  /**
   * One weight per view (finite, ≥ 0, not all 0; normalised to sum 1): a weighted mean for
   * `'mean'`, a weighted geometric mean for `'gmean'`; not allowed with `'max'`. Default: equal
   * weights. `translateViews` gives airbench's flip + translate weights.
   */
  weights?: readonly number[];
  /**
   * Memory budget: at most this many images (views × originals) per `predict` call,
   * integer ≥ 1; default 256. Images are split into chunks of ⌊batchSize / K⌋ (at least 1).
   */
  batchSize?: number;
}

/** Maps images `[n, H, W, C]` to class probabilities `[n, K]` (rows ≥ 0, summing to 1). */
export type Predict = (images: Images) => tf.Tensor2D;

function boxView(name: string, box: (h: number, w: number) => Box): TtaView {
  return {
    name,
    apply(images) {
      const [n, h, w] = images.shape;
      return resizeBoxes(images, new Array<Box>(n).fill(box(h, w)), h, w, 'bilinear');
    },
  };
}

function cropSize(fn: string, size: number | readonly [number, number]): [number, number] {
  const [ch, cw] = typeof size === 'number' ? [size, size] : [size[0], size[1]];
  assertInteger(fn, 'size[0]', ch, 1);
  assertInteger(fn, 'size[1]', cw, 1);
  return [ch, cw];
}

/**
 * The five crops of torchvision's `five_crop` (top-left, top-right, bottom-left, bottom-right,
 * centre; size `[h, w]` in pixels, at most the image size), each resized back to the input
 * size (bilinear, torchvision `resized_crop`), so all views share one shape.
 */
export function fiveCrop(size: number | readonly [number, number]): TtaView[] {
  const [ch, cw] = cropSize('fiveCrop', size);
  const check = (h: number, w: number) => {
    if (ch > h || cw > w)
      throw new TricksError('fiveCrop', 'size', `at most the image size ${h}×${w}`, `${ch}×${cw}`);
  };
  const at = (name: string, top: (h: number) => number, left: (w: number) => number) =>
    boxView(`fiveCrop.${name}(${ch}×${cw})`, (h, w) => {
      check(h, w);
      return { top: top(h), left: left(w), height: ch, width: cw };
    });
  return [
    at(
      'topLeft',
      () => 0,
      () => 0,
    ),
    at(
      'topRight',
      () => 0,
      (w) => w - cw,
    ),
    at(
      'bottomLeft',
      (h) => h - ch,
      () => 0,
    ),
    at(
      'bottomRight',
      (h) => h - ch,
      (w) => w - cw,
    ),
    // torchvision center_crop: int(round((H − h) / 2)).
    at(
      'center',
      (h) => roundHalfEven((h - ch) / 2),
      (w) => roundHalfEven((w - cw) / 2),
    ),
  ];
}

/**
 * A zoom view: scale > 1 zooms in (the central H/scale × W/scale window resized up),
 * scale < 1 zooms out (the image shrunk, framed by zeros). Output keeps the input size.
 */
export function ttaScale(scale: number): TtaView {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)
    throw new TricksError('ttaScale', 'scale', 'a finite number > 0', describeValue(scale));
  return boxView(`scale(${scale})`, (h, w) => {
    const bh = Math.max(1, Math.round(h / scale));
    const bw = Math.max(1, Math.round(w / scale));
    return { top: Math.round((h - bh) / 2), left: Math.round((w - bw) / 2), height: bh, width: bw };
  });
}

/**
 * A view from any random augmentation, made deterministic by a fixed seed: every call draws
 * the same parameters (for the same batch size and image shape). The augmentation must keep
 * the image shape.
 */
export function ttaAugmentation<P>(aug: Augmentation<P>, seed: number): TtaView {
  assertInteger('ttaAugmentation', 'seed', seed, 0);
  return {
    name: `${aug.name}@${seed}`,
    apply: (images) => augmentImages(aug, images, createRng(seed)).images,
  };
}

function applyView(t: TtaTransform, images: Images): Images {
  if (t === 'identity') return tf.clone(images);
  const n = images.shape[0];
  const on = new Array<boolean>(n).fill(true);
  const off = new Array<boolean>(n).fill(false);
  if (t === 'hflip') return flipImages(images, on, off);
  if (t === 'vflip') return flipImages(images, off, on);
  return t.apply(images);
}

function checkTransforms(fn: string, transforms: unknown): readonly TtaTransform[] {
  const ok =
    Array.isArray(transforms) &&
    transforms.length > 0 &&
    transforms.every(
      (t) =>
        t === 'identity' ||
        t === 'hflip' ||
        t === 'vflip' ||
        (t !== null && typeof t === 'object' && typeof (t as TtaView).apply === 'function'),
    );
  if (!ok)
    throw new TricksError(
      fn,
      'options.transforms',
      "a non-empty array of 'identity' | 'hflip' | 'vflip' | { name, apply }",
      describeValue(transforms),
    );
  return transforms as readonly TtaTransform[];
}

/**
 * Test-time augmentation: predicts on K views of every image and merges the K probability
 * vectors per image. The views of a chunk of images are stacked into one batch, so K views
 * cost one `predict` call on K·n images (chunked so a call never exceeds `batchSize` images).
 * TTA trades K× inference time for robustness.
 *
 * @param predict images `[n, H, W, C]` → probabilities `[n, K]` (apply softmax to logits first).
 * @param images `Images` [N, H, W, C] in [0, 1]; not disposed.
 * @returns merged probabilities `[N, K]`.
 */
export function tta(predict: Predict, images: Images, options: TtaOptions = {}): tf.Tensor2D {
  const fn = 'tta';
  if (typeof predict !== 'function')
    throw new TricksError(fn, 'predict', 'a function images → probabilities', describeValue(predict));
  assertImages(fn, 'images', images);
  const transforms = checkTransforms(fn, options.transforms ?? ['identity', 'hflip']);
  const merge = options.merge ?? 'mean';
  assertOneOf(fn, 'options.merge', merge, ['mean', 'gmean', 'max'] as const);
  const budget = options.batchSize ?? 256;
  assertInteger(fn, 'options.batchSize', budget, 1);
  const k = transforms.length;
  const weights = checkWeights(fn, options.weights, k, merge);
  const [n, h, w, c] = images.shape;
  const chunk = Math.max(1, Math.floor(budget / k));
  const parts: tf.Tensor2D[] = [];
  try {
    for (let start = 0; start < n; start += chunk) {
      const m = Math.min(chunk, n - start);
      parts.push(
        tf.tidy(() => {
          const x = m === n ? images : tf.slice(images, [start, 0, 0, 0], [m, h, w, c]);
          const views = transforms.map((t) => applyView(t, x));
          views.forEach((v, i) => {
            if (v.shape.join() !== x.shape.join())
              throw new TricksError(
                fn,
                `options.transforms[${i}]`,
                `a view of shape [${x.shape}]`,
                `[${v.shape}]`,
              );
          });
          const probs = predict(tf.concat(views, 0) as Images);
          if (!(probs instanceof tf.Tensor) || probs.rank !== 2 || probs.shape[0] !== k * m)
            throw new TricksError(
              fn,
              'predict',
              `a [${k * m}, K] probabilities tensor`,
              describeValue(probs),
            );
          return mergeViews(tf.reshape(probs, [k, m, probs.shape[1]]), merge, weights);
        }),
      );
    }
    return (parts.length === 1 ? tf.clone(parts[0]!) : tf.concat(parts, 0)) as tf.Tensor2D;
  } finally {
    tf.dispose(parts);
  }
}

/** Validates `options.weights`; returns them normalised to sum 1, or null for equal weights. */
function checkWeights(fn: string, weights: unknown, k: number, merge: TtaMerge): number[] | null {
  if (weights === undefined) return null;
  if (!Array.isArray(weights) || weights.length !== k)
    throw new TricksError(fn, 'options.weights', `${k} weights (one per view)`, describeValue(weights));
  if (merge === 'max')
    throw new TricksError(fn, 'options.weights', "no weights with merge 'max'", describeValue(weights));
  weights.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
      throw new TricksError(fn, `options.weights[${i}]`, 'a finite weight ≥ 0', describeValue(x));
  });
  const total = (weights as number[]).reduce((a, b) => a + b, 0);
  if (!(total > 0))
    throw new TricksError(fn, 'options.weights', 'weights with a positive sum', describeValue(weights));
  return (weights as number[]).map((x) => x / total);
}

/**
 * Merges `[K, n, classes]` view probabilities into `[n, classes]`, with normalised view
 * weights (null: equal). Call inside `tf.tidy`.
 */
function mergeViews(p: tf.Tensor3D, merge: TtaMerge, weights: readonly number[] | null): tf.Tensor2D {
  const w = weights === null ? null : tf.tensor3d(weights as number[], [weights.length, 1, 1]);
  const average = (x: tf.Tensor) => (w === null ? tf.mean(x, 0) : tf.sum(tf.mul(x, w), 0));
  if (merge === 'mean') return average(p) as tf.Tensor2D;
  const pooled = merge === 'max' ? tf.max(p, 0) : tf.exp(average(tf.log(tf.maximum(p, 1e-12))));
  return tf.div(pooled, tf.sum(pooled, 1, true)) as tf.Tensor2D;
}
