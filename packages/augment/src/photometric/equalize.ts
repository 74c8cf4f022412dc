import * as tf from '@tensorflow/tfjs-core';
import { assertImages, type Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { toUint8Levels } from './to-uint8-levels';

/**
 * Floor of an integer quotient `a / b` (a ≥ 0, b ≥ 1) that float rounding cannot push
 * across an integer: (a + ½) / b is at least ½ / b away from any integer.
 */
function floorDivInt(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.floor(tf.div(tf.add(a, 0.5), b));
}

/**
 * Histogram equalization, torchvision's `equalize` (PIL's algorithm) on the uint8 image,
 * per image and per channel, batched: one `denseBincount` makes every histogram at once.
 *
 * For each channel: `step = floor((pixels − count of the top level) / 255)`;
 * `lut[v] = min(floor((cdf[v − 1] + floor(step / 2)) / step), 255)` with `lut[0] = 0`; the
 * output is `lut[level] / 255`. When `step` is 0 (fewer than 255 pixels off the top level —
 * e.g. any image under 16×16) the channel is returned unchanged, as in torchvision.
 * Levels are torchvision's `convert_image_dtype` (`floor(x · 255.999)`, k/255 → k).
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha kept)
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function equalize(images: Images): Images {
  assertImages('equalize', 'images', images);
  return tf.tidy(() =>
    keepAlpha(images, (x) => {
      const [n, h, w, c] = x.shape;
      const pixels = h * w;
      // One row per (image, channel): [N·C, H·W] of uint8 levels.
      const levels = tf.reshape(tf.transpose(toUint8Levels(x), [0, 3, 1, 2]), [n * c, pixels]);
      const levelsInt = tf.cast(levels, 'int32') as tf.Tensor2D;
      const hist = tf.denseBincount(levelsInt, [] as number[], 256) as tf.Tensor2D;
      // Pixels at each row's top level (torchvision drops the last nonzero histogram bin).
      const top = tf.max(levels, 1, true);
      const topCount = tf.sum(tf.cast(tf.equal(levels, top), 'float32'), 1, true);
      const step = floorDivInt(tf.sub(pixels, topCount), tf.scalar(255));
      const safeStep = tf.maximum(step, 1);
      // Exclusive cumulative sum: cdf[v − 1], the count of pixels below level v (0 for v = 0).
      const below = tf.cumsum(hist, 1, true);
      const lut = tf.minimum(floorDivInt(tf.add(below, tf.floor(tf.div(step, 2))), safeStep), 255);
      // One flat lookup: row r's table starts at 256·r (gather with batchDims is wrong on wasm).
      const rowStart = tf.mul(tf.range(0, n * c, 1, 'float32'), 256);
      const flatIndex = tf.cast(tf.add(levels, tf.reshape(rowStart, [n * c, 1])), 'int32');
      const mapped = tf.div(tf.gather(tf.reshape(lut, [-1]), flatIndex), 255);
      const out = tf.where(
        tf.broadcastTo(tf.equal(step, 0), mapped.shape),
        tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [n * c, pixels]),
        mapped,
      );
      return tf.transpose(tf.reshape(out, [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D;
    }),
  );
}
