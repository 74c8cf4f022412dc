import type * as tf from '@tensorflow/tfjs-core';
import { assertDtype, assertImages, assertRank, assertTensor, TricksError } from '@tftricks/core';

/** Throws unless `images` is an RGB `Images` batch: float32 NHWC, C = 3, values in [0, 1]. */
export function assertRgbImages(fn: string, images: unknown): asserts images is tf.Tensor4D {
  assertImages(fn, 'images', images, { channels: [3] });
}

/**
 * Throws unless `x` is a 3-channel color-space batch (HSV, Lab, …): a float32 rank-4 NHWC
 * tensor with C = 3. Values are not range-checked: each space has its own ranges.
 */
export function assertColorSpaceTensor(fn: string, arg: string, x: unknown): asserts x is tf.Tensor4D {
  assertTensor(fn, arg, x);
  assertRank(fn, arg, x, 4);
  assertDtype(fn, arg, x, 'float32');
  const c = x.shape[3];
  if (c !== 3)
    throw new TricksError(
      fn,
      arg,
      'a tensor with 3 channels (NHWC)',
      `${c} channels (shape [${x.shape.join(', ')}])`,
    );
  if (x.size === 0) throw new TricksError(fn, arg, 'a non-empty tensor', `shape [${x.shape.join(', ')}]`);
}
