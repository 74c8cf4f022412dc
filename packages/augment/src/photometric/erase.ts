import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  assertTensor,
  assertValueRange,
  describeValue,
  type Images,
  TricksError,
} from '@tftricks/core';

/** A box in pixels: rows [top, top + height), columns [left, left + width). */
export interface EraseBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** What erased pixels become: a gray level, one value per channel, or a tensor of values. */
export type EraseValue = number | ArrayLike<number> | tf.Tensor;

function checkBox(fn: string, arg: string, box: unknown, h: number, w: number): EraseBox {
  const b = box as Partial<EraseBox> | null;
  const ok =
    b !== null &&
    typeof b === 'object' &&
    [b.top, b.left, b.height, b.width].every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
  if (!ok)
    throw new TricksError(fn, arg, '{ top, left, height, width } with integers ≥ 0', describeValue(box));
  const { top, left, height, width } = b as EraseBox;
  if (top + height > h || left + width > w) {
    throw new TricksError(
      fn,
      arg,
      `a box inside the ${h}×${w} image`,
      `rows ${top}..${top + height}, columns ${left}..${left + width}`,
    );
  }
  return b as EraseBox;
}

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

  return tf.tidy(() => {
    const col = (k: keyof EraseBox) =>
      tf.tensor4d(
        all.map((b) => b[k]),
        [n, 1, 1, 1],
      );
    const rows = tf.reshape(tf.range(0, h), [1, h, 1, 1]);
    const cols = tf.reshape(tf.range(0, w), [1, 1, w, 1]);
    const top = col('top');
    const left = col('left');
    const inRows = tf.logicalAnd(tf.greaterEqual(rows, top), tf.less(rows, tf.add(top, col('height'))));
    const inCols = tf.logicalAnd(tf.greaterEqual(cols, left), tf.less(cols, tf.add(left, col('width'))));
    const mask = tf.broadcastTo(tf.logicalAnd(inRows, inCols), images.shape);
    const v = Array.isArray(fill) ? tf.tensor4d(fill, [1, 1, 1, c]) : fill;
    return tf.where(mask, tf.broadcastTo(v, images.shape), images) as Images;
  });
}
