import type { Tensor } from '@tensorflow/tfjs-core';
import { assertDtype, assertRank, assertTensor, assertValueRange } from './assert-tensor';
import type { Images, Targets } from './tensor-types';
import { IMAGE_CHANNELS } from './tensor-types';
import { TricksError } from './tricks-error';
import { rangeTrusted } from './trusted-range';

export interface AssertImagesOptions {
  /** Allowed channel counts; default {1, 3, 4}. */
  channels?: readonly number[];
  /** Check that values lie in [0, 1] (one backend read); default true. */
  checkRange?: boolean;
  /** Allow N = 0; default false (an empty batch is almost always a bug upstream). */
  allowEmpty?: boolean;
}

/**
 * Throws a {@link TricksError} unless `x` is a valid {@link Images} batch: a float32
 * `Tensor4D` NHWC, C in `channels`, N > 0, values in [0, 1] (the value check is skipped
 * inside {@link withTrustedRange}).
 */
export function assertImages(
  fn: string,
  arg: string,
  x: unknown,
  options: AssertImagesOptions = {},
): asserts x is Images {
  assertTensor(fn, arg, x);
  assertRank(fn, arg, x, 4);
  assertDtype(fn, arg, x, 'float32');
  const channels = options.channels ?? IMAGE_CHANNELS;
  const c = x.shape[3]!;
  if (!channels.includes(c)) {
    throw new TricksError(
      fn,
      arg,
      `images with ${channels.join(' or ')} channels (NHWC)`,
      `${c} channels (shape [${x.shape.join(', ')}])`,
    );
  }
  if (!options.allowEmpty && x.shape[0] === 0)
    throw new TricksError(fn, arg, 'a non-empty batch', 'an empty batch (N = 0)');
  if (x.shape[1] === 0 || x.shape[2] === 0)
    throw new TricksError(fn, arg, 'images with H, W > 0', `shape [${x.shape.join(', ')}]`);
  if ((options.checkRange ?? true) && !rangeTrusted()) assertValueRange(fn, arg, x as Tensor, 0, 1);
}

/**
 * Throws unless `t` is a float32 `Tensor2D` [N, K] of targets; when `n` is given, N must
 * equal it (the images' batch size).
 */
export function assertTargets(fn: string, arg: string, t: unknown, n?: number): asserts t is Targets {
  assertTensor(fn, arg, t);
  assertRank(fn, arg, t, 2);
  assertDtype(fn, arg, t, 'float32');
  if (n !== undefined && t.shape[0] !== n) {
    throw new TricksError(
      fn,
      arg,
      `${n} rows (one per image)`,
      `${t.shape[0]} rows (shape [${t.shape.join(', ')}])`,
    );
  }
}
