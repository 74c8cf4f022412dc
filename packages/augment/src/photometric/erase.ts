import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  assertTensor,
  assertValueRange,
  describeValue,
  type Images,
  TricksError,
} from '@tftricks/core';
import type { Box } from '../base/box';
import { boxMask, checkBox, perChannel } from './box-mask';

/** A box in pixels: rows [top, top + height), columns [left, left + width). */
export type EraseBox = Box;

/** What erased pixels become: a gray level, one value per channel, or a tensor of values. */
export type EraseValue = number | ArrayLike<number> | tf.Tensor;

/**
 * Erases a box in each image, torchvision's `erase`: pixels inside the box take `value`,
 * the rest are copied. Deterministic: random fills come in as a tensor made by the caller.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C ∈ {1, 3, 4} (alpha is erased too, like
 *   every channel in torchvision)
 * @param boxes one box per image, or a single box for all; a box must lie inside the image
 *   (height or width 0 erases nothing)
 * @param value a number in [0, 1] (default 0); or C numbers in [0, 1], one per channel; or a
 *   float32 tensor in [0, 1] that broadcasts to `[N, H, W, C]` (e.g. `[N, H, W, C]` noise, or
 *   `[N, 1, 1, C]` one color per image) whose values at the erased pixels are used
 * @returns a new `[N, H, W, C]` float32 tensor in [0, 1]
 */
export function erase(images: Images, boxes: readonly EraseBox[], value: EraseValue = 0): Images {
  const fn = 'erase';
  assertImages(fn, 'images', images);
  const [n, h, w, c] = images.shape;
  if (!Array.isArray(boxes) || (boxes.length !== 1 && boxes.length !== n)) {
    throw new TricksError(fn, 'boxes', `1 or ${n} boxes (one per image)`, describeValue(boxes));
  }
  const checked = boxes.map((b, i) => checkBox(fn, `boxes[${i}]`, b, h, w));
  const all = checked.length === 1 ? new Array<EraseBox>(n).fill(checked[0]!) : checked;

  let fill: tf.Tensor | number[];
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= 1))
      throw new TricksError(fn, 'value', 'a number in [0, 1]', describeValue(value));
    fill = new Array<number>(c).fill(value);
  } else if (value instanceof tf.Tensor) {
    assertTensor(fn, 'value', value);
    if (value.dtype !== 'float32')
      throw new TricksError(fn, 'value', 'a float32 tensor', describeValue(value));
    try {
      const shape = tf.backend_util.assertAndGetBroadcastShape(value.shape, images.shape);
      if (shape.join() !== images.shape.join()) throw new Error('grows the batch');
    } catch {
      throw new TricksError(
        fn,
        'value',
        `a tensor that broadcasts to [${images.shape.join(', ')}]`,
        describeValue(value),
      );
    }
    assertValueRange(fn, 'value', value, 0, 1);
    fill = value;
  } else {
    const arr = Array.from(value as ArrayLike<number>);
    if (arr.length !== c || !arr.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new TricksError(fn, 'value', `${c} numbers in [0, 1] (one per channel)`, describeValue(value));
    }
    fill = arr;
  }

  return eraseBoxes(images, all, fill);
}

/**
 * {@link erase} without validation, for callers that checked their input (one box per image,
 * inside it; fill in [0, 1]). `images · (1 − mask) + mask · fill` is exact: kept pixels are
 * `x · 1 + 0`, erased ones `x · 0 + v` (x finite; the mask is 0/1, so the matmuls are exact).
 */
export function eraseBoxes(
  images: Images,
  boxes: readonly EraseBox[],
  fill: tf.Tensor | readonly number[],
): Images {
  const [n, h, w, c] = images.shape;
  return tf.tidy(() => {
    const mask = boxMask(boxes, n, h, w);
    const ones = new Array<number>(c).fill(1);
    if (fill instanceof tf.Tensor) {
      const erased = perChannel(mask, ones, images.shape);
      return tf.add(tf.mul(images, tf.sub(1, erased)), tf.mul(erased, fill)) as Images;
    }
    // The complement on the 1-channel mask, before the spread: C× fewer elements.
    const kept = tf.mul(images, perChannel(tf.sub(1, mask), ones, images.shape));
    // A zero fill (the default) needs no second term: one multiply over the batch.
    if (fill.every((v) => v === 0)) return kept as Images;
    return tf.add(kept, perChannel(mask, fill, images.shape)) as Images;
  });
}
