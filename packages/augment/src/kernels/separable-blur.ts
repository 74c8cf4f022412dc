import * as tf from '@tensorflow/tfjs-core';
import { reflectIndices } from './reflect-indices';

/**
 * Convolves every image with its own separable kernel, reflect-101 borders, in two batched
 * depthwise convolutions (no per-image loop). Call inside `tf.tidy`.
 *
 * @param images `[N, H, W, C]` float32
 * @param rowKernels N vertical kernels (all of the same odd length kh)
 * @param colKernels N horizontal kernels (all of the same odd length kw)
 * @returns `[N, H, W, C]`
 */
export function separableBlur(
  images: tf.Tensor4D,
  rowKernels: readonly number[][],
  colKernels: readonly number[][],
): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  const kh = rowKernels[0]!.length;
  const kw = colKernels[0]!.length;
  // Fold the batch into the channels ([1, H, W, N·C]) so that a depthwise conv can give each
  // image its own kernel (per-sample sigma) in one op on every backend.
  const folded = tf.reshape(tf.transpose(images, [1, 2, 0, 3]), [1, h, w, n * c]);
  const rowFilter = new Float32Array(kh * n * c);
  const colFilter = new Float32Array(kw * n * c);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      for (let k = 0; k < kh; k++) rowFilter[k * n * c + i * c + ch] = rowKernels[i]![k]!;
      for (let k = 0; k < kw; k++) colFilter[k * n * c + i * c + ch] = colKernels[i]![k]!;
    }
  }
  const half = (kh - 1) / 2;
  const rowsPadded = tf.gather(folded, tf.tensor1d(reflectIndices(h, half, half), 'int32'), 1) as tf.Tensor4D;
  const vertical = tf.depthwiseConv2d(rowsPadded, tf.tensor4d(rowFilter, [kh, 1, n * c, 1]), 1, 'valid');
  const halfW = (kw - 1) / 2;
  const colsPadded = tf.gather(
    vertical,
    tf.tensor1d(reflectIndices(w, halfW, halfW), 'int32'),
    2,
  ) as tf.Tensor4D;
  const both = tf.depthwiseConv2d(colsPadded, tf.tensor4d(colFilter, [1, kw, n * c, 1]), 1, 'valid');
  return tf.transpose(tf.reshape(both, [h, w, n, c]), [2, 0, 1, 3]);
}

/**
 * A normalized 1-D Gaussian of odd `size` and standard deviation `sigma` > 0, the kernel of
 * torchvision's `_get_gaussian_kernel1d` and OpenCV's `getGaussianKernel` (sigma > 0).
 */
export function gaussianKernel1d(size: number, sigma: number): number[] {
  const half = (size - 1) / 2;
  const pdf: number[] = [];
  for (let i = 0; i < size; i++) pdf.push(Math.exp(-0.5 * ((i - half) / sigma) ** 2));
  const sum = pdf.reduce((a, b) => a + b, 0);
  return pdf.map((v) => v / sum);
}
