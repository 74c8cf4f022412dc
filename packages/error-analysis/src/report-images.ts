import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';
import { pngDataUri } from './encode-png';

/** Images for a report: an `Images` tensor [N, H, W, C] or NHWC values in [0, 1] with their shape. */
export type ImagesInput =
  | tf.Tensor4D
  | { readonly data: ArrayLike<number>; readonly shape: readonly [number, number, number, number] };

/**
 * PNG data URIs of the images at `indices` (only those are read back from a tensor, so a
 * large validation set never leaves the backend in full). Throws a TricksError for a wrong
 * shape, a batch size other than `n`, or a value outside [0, 1].
 */
export async function imageDataUris(
  fn: string,
  images: ImagesInput,
  indices: readonly number[],
  n: number,
): Promise<Map<number, string>> {
  const isTensor = images instanceof tf.Tensor;
  const shape = isTensor ? images.shape : (images as { shape?: readonly number[] }).shape;
  if (!Array.isArray(shape) || shape.length !== 4 || (isTensor && (images as tf.Tensor).isDisposed)) {
    throw new TricksError(
      fn,
      'input.images',
      'an Images tensor or { data, shape } with shape [N, H, W, C]',
      describeValue(images),
    );
  }
  const [count, h, w, c] = shape as [number, number, number, number];
  if (![1, 3, 4].includes(c))
    throw new TricksError(
      fn,
      'input.images',
      'images with 1, 3 or 4 channels (NHWC)',
      `shape [${shape.join(', ')}]`,
    );
  if (count !== n)
    throw new TricksError(fn, 'input.images', `${n} images (one per row of probs)`, `${count} images`);
  const unique = [...new Set(indices)];
  const size = h * w * c;
  let pixels: ArrayLike<number>;
  if (isTensor) {
    const picked = tf.tidy(() => tf.gather(images as tf.Tensor4D, tf.tensor1d(unique, 'int32')));
    pixels = await picked.data();
    picked.dispose();
  } else {
    const src = (images as { data: ArrayLike<number> }).data;
    if (!src || src.length !== count * size) {
      throw new TricksError(fn, 'input.images.data', `${count}·${h}·${w}·${c} values`, describeValue(src));
    }
    const out = new Float32Array(unique.length * size);
    unique.forEach((i, r) => {
      for (let p = 0; p < size; p++) out[r * size + p] = src[i * size + p]!;
    });
    pixels = out;
  }
  const uris = new Map<number, string>();
  unique.forEach((i, r) => {
    const slice = Array.prototype.slice.call(pixels, r * size, (r + 1) * size) as number[];
    for (let p = 0; p < size; p++) {
      const v = slice[p]!;
      if (!(v >= -1e-6 && v <= 1 + 1e-6))
        throw new TricksError(fn, `input.images[${i}]`, 'values in [0, 1]', describeValue(v));
    }
    uris.set(i, pngDataUri(slice, h, w, c));
  });
  return uris;
}
