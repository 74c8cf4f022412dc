import * as tf from '@tensorflow/tfjs-core';
import { assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import type { Augmentation, ImageShape } from '../base/augmentation';
import { checkBatch, checkParamsLength } from '../base/batch-checks';
import { cropWindowsOf, type PixelWindows, sampleWindows } from '../base/pixel-windows';
import { cropWindows } from '../geometric/crop';
import { type Padding, type PaddingMode, padImages } from '../geometric/pad';
import { checkSize, type Size } from './crop-size';

/** Options of {@link randomCrop} (torchvision `RandomCrop`). */
export interface RandomCropOptions {
  /** Output size: a number for a square, or `[height, width]`. */
  size: Size;
  /** Padding before cropping: all sides, `[leftRight, topBottom]` or `[left, top, right, bottom]`; default 0. */
  padding?: number | readonly [number, number] | Padding;
  /** Pad images smaller than `size` so the crop fits (torchvision `pad_if_needed`); default false. */
  padIfNeeded?: boolean;
  /** Fill of constant padding, in [0, 1]; default 0. */
  fill?: number;
  /** `'constant'` (default), `'edge'`, `'reflect'` or `'symmetric'`. */
  paddingMode?: PaddingMode;
  /** One offset for the whole batch; default false. */
  sameOnBatch?: boolean;
}

/** Parameters of {@link randomCrop}: the padding used and each window's top-left in the padded image. */
export interface RandomCropParams {
  padding: [number, number, number, number];
  top: number[];
  left: number[];
}

function checkPadding(fn: string, padding: RandomCropOptions['padding']): [number, number, number, number] {
  const p = padding ?? 0;
  const list =
    typeof p === 'number' ? [p, p, p, p] : Array.isArray(p) && p.length === 2 ? [p[0], p[1], p[0], p[1]] : p;
  const ok =
    Array.isArray(list) &&
    list.length === 4 &&
    list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
  if (!ok)
    throw new TricksError(
      fn,
      'options.padding',
      'an integer ≥ 0, [lr, tb] or [l, t, r, b]',
      describeValue(padding),
    );
  return list as [number, number, number, number];
}

/**
 * Pads (optionally) and crops a random `size` window from each image — torchvision
 * `RandomCrop`, with an independent offset per image. The classic CIFAR recipe is
 * `randomCrop({ size: 32, padding: 4 })`.
 *
 * Output: `Images` [N, size[0], size[1], C].
 */
export function randomCrop(options: RandomCropOptions): Augmentation<RandomCropParams> {
  const fn = 'randomCrop';
  const [th, tw] = checkSize(fn, 'options.size', options?.size);
  const basePadding = checkPadding(fn, options.padding);
  const padIfNeeded = options.padIfNeeded ?? false;
  const fill = options.fill ?? 0;
  assertNumberInRange(fn, 'options.fill', fill, 0, 1);
  const mode = options.paddingMode ?? 'constant';
  assertOneOf(fn, 'options.paddingMode', mode, ['constant', 'edge', 'reflect', 'symmetric'] as const);
  const sameOnBatch = options.sameOnBatch ?? false;

  const paddingFor = (h: number, w: number): [number, number, number, number] => {
    const [l, t, r, b] = basePadding;
    const p: [number, number, number, number] = [l, t, r, b];
    // torchvision pads both sides by the shortfall when pad_if_needed.
    if (padIfNeeded && w + l + r < tw) {
      p[0] += tw - (w + l + r);
      p[2] += tw - (w + l + r);
    }
    if (padIfNeeded && h + t + b < th) {
      p[1] += th - (h + t + b);
      p[3] += th - (h + t + b);
    }
    return p;
  };
  const checkFits = (h: number, w: number, p: readonly number[]) => {
    const [l, t, r, b] = p as [number, number, number, number];
    if (h + t + b < th || w + l + r < tw) {
      throw new TricksError(
        fn,
        'options.size',
        `a crop no larger than the padded image (${h + t + b}×${w + l + r})`,
        `${th}×${tw}`,
      );
    }
    const limit = mode === 'reflect' ? 1 : mode === 'symmetric' ? 0 : -Infinity;
    if (Math.max(t, b) > h - limit || Math.max(l, r) > w - limit) {
      throw new TricksError(
        fn,
        'options.padding',
        `padding ${mode === 'reflect' ? '<' : '≤'} the image size for '${mode}' mode`,
        `[${p.join(', ')}] on ${h}×${w}`,
      );
    }
  };

  const zeroPadded = mode === 'constant' && fill === 0;
  /** Validates recorded params for `n` images of h×w; returns the padding. */
  const checkParams = (params: RandomCropParams, n: number, h: number, w: number) => {
    checkParamsLength(fn, 'params.top', params?.top, n);
    checkParamsLength(fn, 'params.left', params?.left, n);
    const padding = checkPadding(fn, params.padding);
    checkFits(h, w, padding);
    return padding;
  };
  /** The crops as windows of the unpadded image (zero padding only). */
  const windowsOf = (params: RandomCropParams, [l, t]: readonly number[]): PixelWindows =>
    cropWindowsOf(
      params.top.map((v) => v - t!),
      params.left.map((v) => v - l!),
      th,
      tw,
    );

  return {
    name: fn,
    sample(rng, batchSize, [h, w]) {
      const padding = paddingFor(h, w);
      checkFits(h, w, padding);
      const ph = h + padding[1] + padding[3];
      const pw = w + padding[0] + padding[2];
      const draw = () => [rng.int(0, ph - th + 1), rng.int(0, pw - tw + 1)] as const;
      const offsets = sameOnBatch
        ? new Array(batchSize).fill(draw())
        : Array.from({ length: batchSize }, draw);
      return { padding, top: offsets.map((o) => o[0]), left: offsets.map((o) => o[1]) };
    },
    apply(batch, params) {
      const n = checkBatch(fn, batch);
      const [, h, w] = batch.images.shape;
      const padding = checkParams(params, n, h, w);
      let images: tf.Tensor4D;
      if (zeroPadded) {
        // Zero padding is what the window copy reads outside the image anyway: skip the pad.
        images = sampleWindows(batch.images, windowsOf(params, padding));
      } else {
        const padded = padImages(batch.images, padding, mode, fill);
        images = cropWindows(padded, params.top, params.left, th, tw);
        padded.dispose();
      }
      return { images, targets: tf.clone(batch.targets) };
    },
    pixelWindows: (params, n, [h, w]) =>
      zeroPadded ? windowsOf(params, checkParams(params, n, h, w)) : null,
    outputShape: ([, , c]: ImageShape) => [th, tw, c],
  };
}
