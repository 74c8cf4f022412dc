import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';
import type { Box } from '../base/box';
import { pixelMatMul } from './pixel-mat-mul';

/**
 * `[N·H·W, 1]` 0/1 mask of one box per image (1 inside; an empty box is all 0): an outer product of per-image row and column
 * indicators built in JS, so no Range/compare/Tile kernels (slow on wasm) and no image-sized
 * JS arrays.
 */
export function boxMask(boxes: readonly Box[], n: number, h: number, w: number): tf.Tensor2D {
  const rows = new Float32Array(n * h);
  const cols = new Float32Array(n * w);
  boxes.forEach((b, i) => {
    rows.fill(1, i * h + b.top, i * h + b.top + b.height);
    cols.fill(1, i * w + b.left, i * w + b.left + b.width);
  });
  const mask = tf.mul(tf.tensor4d(rows, [n, h, 1, 1]), tf.tensor4d(cols, [n, 1, w, 1]));
  return tf.reshape(mask, [n * h * w, 1]);
}

/**
 * `[N·H·W, 1] × [1, C]` as a matmul ({@link pixelMatMul}), reshaped to `[N, H, W, C]`: spreads a per-pixel mask over
 * the channels (times a per-channel value) with a dense kernel. A `[N, H, W, 1]` broadcast
 * operand runs ~25× slower than a same-shape one on wasm, and a tile slower still.
 */
export function perChannel(
  mask: tf.Tensor2D,
  values: readonly number[],
  shape: tf.Tensor4D['shape'],
): tf.Tensor4D {
  return tf.reshape(pixelMatMul(mask, values, values.length), shape) as tf.Tensor4D;
}

/** Throws a `TricksError` unless `box` has integer edges ≥ 0 and lies inside an h×w image; returns it. */
export function checkBox(fn: string, arg: string, box: unknown, h: number, w: number): Box {
  const b = box as Partial<Box> | null;
  const ok =
    b !== null &&
    typeof b === 'object' &&
    [b.top, b.left, b.height, b.width].every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
  if (!ok)
    throw new TricksError(fn, arg, '{ top, left, height, width } with integers ≥ 0', describeValue(box));
  const { top, left, height, width } = b as Box;
  if (top + height > h || left + width > w) {
    throw new TricksError(
      fn,
      arg,
      `a box inside the ${h}×${w} image`,
      `rows ${top}..${top + height}, columns ${left}..${left + width}`,
    );
  }
  return b as Box;
}
