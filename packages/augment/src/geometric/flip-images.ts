import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';

/**
 * Flips image i left↔right when `horizontal[i]` and top↔bottom when `vertical[i]`, in one
 * `tf.image.cropAndResize` call with reversed boxes. The sample coordinates are exact
 * integers (scale ±1), so this is a pure copy — and far cheaper than `tf.reverse` on the
 * cpu and wasm backends. Internal: callers validate.
 */
export function flipImages(
  images: Images,
  horizontal: readonly boolean[],
  vertical: readonly boolean[],
): Images {
  const n = images.shape[0];
  const boxes = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const [y1, y2] = vertical[i] ? [1, 0] : [0, 1];
    const [x1, x2] = horizontal[i] ? [1, 0] : [0, 1];
    boxes.set([y1, x1, y2, x2], i * 4);
  }
  const [, h, w] = images.shape;
  return tf.tidy(
    () =>
      tf.image.cropAndResize(
        images,
        tf.tensor2d(boxes, [n, 4]),
        tf.range(0, n, 1, 'int32') as tf.Tensor1D,
        [h, w],
        'nearest',
        0,
      ) as Images,
  );
}
