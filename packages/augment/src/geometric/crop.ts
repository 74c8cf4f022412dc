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
  if (h >= 2 && w >= 2 && height >= 2 && width >= 2) return cropByResize(images, tops, lefts, height, width);
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

/**
 * Crop windows as one nearest-neighbour `tf.image.cropAndResize`. Sample points sit on whole
 * pixels, contracted towards the image centre by a factor (1 − η): an edge pixel is then
 * sampled a little inside the image (cropAndResize treats even 1 ulp outside as outside),
 * pixels past the border stay outside (extrapolation value 0, torchvision's zero padding),
 * and rounding lands exactly on the intended pixel, so the crop is an exact copy.
 */
function cropByResize(
  images: Images,
  tops: readonly number[],
  lefts: readonly number[],
  height: number,
  width: number,
): Images {
  const [n, h, w] = images.shape;
  const span = (start: number, len: number, full: number): [number, number] => {
    const c = (full - 1) / 2;
    const eta = Math.min(1e-3, 0.25 / Math.max(c, 1));
    const at = (r: number) => c + (r - c) * (1 - eta);
    return [at(start) / (full - 1), at(start + len - 1) / (full - 1)];
  };
  const boxes = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const [y1, y2] = span(tops[i]!, height, h);
    const [x1, x2] = span(lefts[i]!, width, w);
    boxes.set([y1, x1, y2, x2], i * 4);
  }
  return tf.tidy(
    () =>
      tf.image.cropAndResize(
        images,
        tf.tensor2d(boxes, [n, 4]),
        tf.range(0, n, 1, 'int32') as tf.Tensor1D,
        [height, width],
        'nearest',
        0,
      ) as Images,
  );
}
