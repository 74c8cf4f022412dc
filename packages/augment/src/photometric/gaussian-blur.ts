import * as tf from '@tensorflow/tfjs-core';
import { assertImages, describeValue, type Images, TricksError } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { type PerSample, perSampleValues } from '../kernels/per-sample';
import { gaussianKernel1d, separableBlur } from '../kernels/separable-blur';

function kernelSide(fn: string, arg: string, k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k % 2 === 0) {
    throw new TricksError(fn, arg, 'an odd positive integer', describeValue(k));
  }
  return k;
}

/**
 * Gaussian blur with torchvision's `gaussian_blur` semantics: a separable Gaussian kernel
 * and reflect padding (reflect-101, the edge pixel is not repeated).
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha is kept as is)
 * @param kernelSize odd kernel size, or `[kh, kw]` (height first — torchvision's list is
 *   `[kx, ky]`, width first). A kernel larger than the image reflects repeatedly, as OpenCV
 *   does, where torchvision would refuse.
 * @param sigma standard deviation in pixels (> 0), one for all images or one per image;
 *   the same sigma is used along both axes.
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function gaussianBlur(
  images: Images,
  kernelSize: number | readonly [number, number],
  sigma: PerSample,
): Images {
  const fn = 'gaussianBlur';
  assertImages(fn, 'images', images);
  let kh: number;
  let kw: number;
  if (typeof kernelSize === 'number') {
    kh = kw = kernelSide(fn, 'kernelSize', kernelSize);
  } else if (Array.isArray(kernelSize) && kernelSize.length === 2) {
    kh = kernelSide(fn, 'kernelSize[0]', kernelSize[0]);
    kw = kernelSide(fn, 'kernelSize[1]', kernelSize[1]);
  } else {
    throw new TricksError(fn, 'kernelSize', 'an odd positive integer or [kh, kw]', describeValue(kernelSize));
  }
  const n = images.shape[0];
  const sigmas = perSampleValues(fn, 'sigma', sigma, n, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  const rows = sigmas.map((s) => gaussianKernel1d(kh, s));
  const cols = sigmas.map((s) => gaussianKernel1d(kw, s));
  // A normalized positive kernel keeps values in [0, 1] (up to float rounding), so no clamp.
  return tf.tidy(() => keepAlpha(images, (x) => separableBlur(x, rows, cols)));
}
