import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { assertNumberInRange, assertOneOf, describeValue, TricksError } from '@tftricks/core';

/** Resampling used by the geometric warps (torchvision's NEAREST / BILINEAR). */
export type Interpolation = 'nearest' | 'bilinear';

/** A fill for pixels that map outside the input: one value, or one value per channel. */
export type Fill = number | readonly number[];

/**
 * Warps a batch with one projective matrix per image through `tf.image.transform`.
 *
 * `matrices` holds N×8 numbers `[a0, a1, a2, b0, b1, b2, c0, c1]` in tfjs/TF convention:
 * output pixel (x, y) (integer indices, pixel centres) samples the input at
 * `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`, `k = c0 x + c1 y + 1`.
 * Out-of-image neighbours read as `fill`. Internal: callers validate.
 */
export function warpProjective(
  images: Images,
  matrices: ArrayLike<number>,
  interpolation: Interpolation,
  fill: Fill,
): Images {
  return tf.tidy(() => {
    const [n, , , c] = images.shape;
    const m = tf.tensor2d(Float32Array.from(matrices), [n, 8]);
    if (typeof fill === 'number') return kernel(images, m, interpolation, fill);
    // A per-channel fill: warp a ones channel alongside, then add fill where it did not land.
    const ones = tf.onesLike(tf.slice(images, [0, 0, 0, 0], [-1, -1, -1, 1]));
    const warped = kernel(tf.concat([images, ones], 3), m, interpolation, 0);
    const rgb = tf.slice(warped, [0, 0, 0, 0], [-1, -1, -1, c]);
    const coverage = tf.slice(warped, [0, 0, 0, c], [-1, -1, -1, 1]);
    const fillColor = tf.reshape(tf.tensor1d(Array.from(fill), 'float32'), [1, 1, 1, c]);
    return tf.add(rgb, tf.mul(tf.sub(1, coverage), fillColor)) as Images;
  });
}

function kernel(
  images: tf.Tensor4D,
  m: tf.Tensor2D,
  interpolation: Interpolation,
  fill: number,
): tf.Tensor4D {
  // tfjs-backend-cpu 4.22's Transform returns from inside its batch loop, so images 1..N-1
  // come back as pure fill. There we run the same sampling as a gather (all images at once).
  if (tf.getBackend() === 'cpu' && images.shape[0] > 1) return gatherWarp(images, m, interpolation, fill);
  return tf.image.transform(images, m, interpolation, 'constant', fill);
}

/** The Transform kernel's sampling, written with tfjs-core ops (exactly TF's formulas). */
function gatherWarp(
  images: tf.Tensor4D,
  m: tf.Tensor2D,
  interpolation: Interpolation,
  fill: number,
): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  const col = (k: number) => tf.reshape(tf.slice(m, [0, k], [-1, 1]), [n, 1, 1]);
  const xs = tf.reshape(tf.range(0, w, 1, 'float32'), [1, 1, w]);
  const ys = tf.reshape(tf.range(0, h, 1, 'float32'), [1, h, 1]);
  const lin = (a: number, b: number, k: number) =>
    tf.add(tf.add(tf.mul(col(a), xs), tf.mul(col(b), ys)), col(k));
  const proj = tf.add(tf.add(tf.mul(col(6), xs), tf.mul(col(7), ys)), 1);
  const inX = tf.div(lin(0, 1, 2), proj);
  const inY = tf.div(lin(3, 4, 5), proj);
  const flat = tf.reshape(images, [n * h * w, c]);
  const base = tf.reshape(tf.range(0, n * h * w, h * w, 'float32'), [n, 1, 1]);
  const read = (y: tf.Tensor, x: tf.Tensor): tf.Tensor => {
    const inside = tf.cast(
      tf.logicalAnd(
        tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, w - 1)),
        tf.logicalAnd(tf.greaterEqual(y, 0), tf.lessEqual(y, h - 1)),
      ),
      'float32',
    );
    const idx = tf.add(tf.add(base, tf.mul(tf.clipByValue(y, 0, h - 1), w)), tf.clipByValue(x, 0, w - 1));
    const values = tf.reshape(tf.gather(flat, tf.cast(tf.reshape(idx, [-1]), 'int32')), [n, h, w, c]);
    const mask = tf.expandDims(inside, 3);
    return tf.add(tf.mul(values, mask), tf.mul(tf.sub(1, mask), fill));
  };
  if (interpolation === 'nearest') {
    // Math.round semantics (half up), as the cpu kernel uses.
    return read(tf.floor(tf.add(inY, 0.5)), tf.floor(tf.add(inX, 0.5))) as tf.Tensor4D;
  }
  const x0 = tf.floor(inX);
  const y0 = tf.floor(inY);
  const x1 = tf.add(x0, 1);
  const y1 = tf.add(y0, 1);
  const wx = tf.expandDims(tf.sub(inX, x0), 3);
  const wy = tf.expandDims(tf.sub(inY, y0), 3);
  const top = tf.add(tf.mul(tf.sub(1, wx), read(y0, x0)), tf.mul(wx, read(y0, x1)));
  const bottom = tf.add(tf.mul(tf.sub(1, wx), read(y1, x0)), tf.mul(wx, read(y1, x1)));
  return tf.add(tf.mul(tf.sub(1, wy), top), tf.mul(wy, bottom)) as tf.Tensor4D;
}

/** Options every warp shares. */
export interface WarpOptions {
  /** Resampling; default `'nearest'` (torchvision's default). */
  interpolation?: Interpolation;
  /** Value of pixels that map outside the input, in [0, 1]: one number or one per channel; default 0. */
  fill?: Fill;
}

/** Validates the shared warp options; returns them with defaults filled in. */
export function checkWarpOptions(
  fn: string,
  options: WarpOptions,
  channels: number | null,
): { interpolation: Interpolation; fill: Fill } {
  const interpolation = options.interpolation ?? 'nearest';
  assertOneOf(fn, 'options.interpolation', interpolation, ['nearest', 'bilinear'] as const);
  const fill = options.fill ?? 0;
  if (typeof fill === 'number') {
    assertNumberInRange(fn, 'options.fill', fill, 0, 1);
  } else {
    // channels is null when a factory checks options before it has seen the images.
    const okLength =
      Array.isArray(fill) && (channels === null ? [1, 3, 4].includes(fill.length) : fill.length === channels);
    if (!okLength) {
      const want = channels === null ? 'per-channel numbers' : `${channels} per-channel numbers`;
      throw new TricksError(fn, 'options.fill', `a number or ${want}`, describeValue(fill));
    }
    fill.forEach((v, i) => {
      assertNumberInRange(fn, `options.fill[${i}]`, v, 0, 1);
    });
  }
  return { interpolation, fill };
}
