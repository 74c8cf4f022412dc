import * as tf from '@tensorflow/tfjs-core';
import { assertImages, assertInteger, type Images } from '@tftricks/core';
import { type PerSample, perSample } from './per-sample';

/**
 * Crops a `height`×`width` window from each image at (`top`, `left`) — torchvision `F.crop`.
 * Offsets may differ per image; the output size is the same for all. Parts of a window
 * outside the image are zero, as torchvision pads them. Exact (a gather, no resampling).
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @param top row of the window's top edge (integer, may be negative), per batch or per image.
 * @param left column of the window's left edge (integer, may be negative).
 * @returns `Images` [N, height, width, C].
 */
export function crop(images: Images, top: PerSample, left: PerSample, height: number, width: number): Images {
  assertImages('crop', 'images', images);
  assertInteger('crop', 'height', height, 1);
  assertInteger('crop', 'width', width, 1);
  const n = images.shape[0];
  const tops = perSample('crop', 'top', top, n);
  const lefts = perSample('crop', 'left', left, n);
  tops.forEach((t, i) => {
    assertInteger('crop', `top[${i}]`, t, Number.MIN_SAFE_INTEGER);
  });
  lefts.forEach((l, i) => {
    assertInteger('crop', `left[${i}]`, l, Number.MIN_SAFE_INTEGER);
  });
  return cropWindows(images, tops, lefts, height, width);
}

/** {@link crop} without validation, for callers that already checked their arguments. */
export function cropWindows(
  images: Images,
  tops: readonly number[],
  lefts: readonly number[],
  height: number,
  width: number,
): Images {
  const [n, h, w, c] = images.shape;
  const t0 = tops[0]!;
  const l0 = lefts[0]!;
  const same = tops.every((t) => t === t0) && lefts.every((l) => l === l0);
  if (same && t0 >= 0 && l0 >= 0 && t0 + height <= h && l0 + width <= w) {
    return tf.slice(images, [0, t0, l0, 0], [n, height, width, c]);
  }
  // One gather for the whole batch; index n·h·w is an extra zero row for outside pixels.
  const outside = n * h * w;
  const idx = new Int32Array(n * height * width);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < height; y++) {
      const sy = tops[i]! + y;
      for (let x = 0; x < width; x++) {
        const sx = lefts[i]! + x;
        idx[k++] = sy >= 0 && sy < h && sx >= 0 && sx < w ? (i * h + sy) * w + sx : outside;
      }
    }
  }
  return tf.tidy(() => {
    const flat = tf.concat([tf.reshape(images, [n * h * w, c]), tf.zeros([1, c])], 0);
    return tf.reshape(tf.gather(flat, tf.tensor1d(idx, 'int32')), [n, height, width, c]) as Images;
  });
}
