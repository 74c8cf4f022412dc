import * as tf from '@tensorflow/tfjs-core';
import { assertImages, assertOneOf, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleValues } from '../kernels/per-sample';
import { gaussianKernel1d, separableBlur } from '../kernels/separable-blur';
import { grayFromRgb } from './rgb-to-gray';

/** Options of {@link benGraham}. */
export interface BenGrahamOptions {
  /**
   * Gaussian sigma in pixels (> 0), one for all images or one per image. Default 10, Ben
   * Graham's `scale / 30` for retina images of radius 300 px; scale it with your images.
   */
  sigma?: PerSample;
  /** `'color'` (default): every channel; `'gray'`: convert to gray first, 1 output channel. */
  variant?: 'color' | 'gray';
}

/**
 * Ben Graham's preprocessing (Kaggle diabetic retinopathy, 2015): subtract the local average
 * color, `clip(4·img − 4·GaussianBlur(img, σ) + 0.5, 0, 1)` — his uint8
 * `4·img − 4·blur + 128` in [0, 1] units. The blur is OpenCV's `GaussianBlur(img, (0, 0), σ)`
 * for float images: kernel size `round(8σ + 1) | 1`, reflect-101 borders.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1]; `'color'`: C ∈ {1, 3, 4} (alpha kept);
 *   `'gray'`: C ∈ {1, 3, 4} (RGB → gray with 0.299/0.587/0.114, alpha dropped)
 * @returns `'color'`: `[N, H, W, C]`; `'gray'`: `[N, H, W, 1]`; float32 in [0, 1]
 */
export function benGraham(images: Images, options: BenGrahamOptions = {}): Images {
  const fn = 'benGraham';
  assertImages(fn, 'images', images);
  const variant = options.variant ?? 'color';
  assertOneOf(fn, 'options.variant', variant, ['color', 'gray'] as const);
  const n = images.shape[0];
  const sigmas = perSampleValues(
    fn,
    'options.sigma',
    options.sigma ?? 10,
    n,
    Number.MIN_VALUE,
    Number.POSITIVE_INFINITY,
  );
  // OpenCV's kernel size for float images; per-sample kernels are zero-padded to the largest.
  const size = Math.max(...sigmas.map((s) => Math.round(8 * s + 1) | 1));
  const kernels = sigmas.map((s) => {
    const own = Math.round(8 * s + 1) | 1;
    const pad = (size - own) / 2;
    return [
      ...new Array<number>(pad).fill(0),
      ...gaussianKernel1d(own, s),
      ...new Array<number>(pad).fill(0),
    ];
  });
  const enhance = (x: tf.Tensor4D): tf.Tensor4D => {
    const blurred = separableBlur(x, kernels, kernels);
    return tf.clipByValue(tf.add(tf.mul(tf.sub(x, blurred), 4), 0.5), 0, 1) as tf.Tensor4D;
  };
  return tf.tidy(() => {
    if (variant === 'color') return keepAlpha(images, enhance);
    const c = images.shape[3];
    if (c === 1) return enhance(images);
    const rgb = c === 4 ? tf.slice(images, [0, 0, 0, 0], [n, images.shape[1], images.shape[2], 3]) : images;
    return enhance(grayFromRgb(rgb));
  });
}
