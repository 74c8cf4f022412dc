import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertOneOf, describeValue, type Images, TricksError } from '@tftricks/core';
import { flipImages } from '../geometric/flip-images';
import { type PaddingMode, padImages } from '../geometric/pad';
import type { TtaTransform, TtaView } from './tta';

/** Options of {@link translate}. */
export interface TranslateOptions {
  /**
   * How the pixels shifted in at the border are filled (torchvision `F.pad` modes):
   * `'reflect'` (default, airbench), `'symmetric'`, `'edge'` or `'constant'` (zeros).
   */
  padding?: PaddingMode;
  /** Mirror the shifted view left↔right too (airbench's flipped translated views). Default false. */
  hflip?: boolean;
}

function shiftOf(fn: string, arg: string, s: unknown): number {
  if (typeof s !== 'number' || !Number.isInteger(s))
    throw new TricksError(fn, arg, 'an integer shift in pixels', describeValue(s));
  return s;
}

/**
 * A translated test-time view: the content moves `dy` pixels down and `dx` right (negative:
 * up / left), output(i, j) = input(i − dy, j − dx); the pixels shifted in come from `padding`
 * (reflect by default). airbench's two views are `translate(1, 1)` and `translate(−1, −1)`
 * (its reflect-padded crops `[0:H, 0:W]` and `[2:H+2, 2:W+2]`). The shape is kept.
 *
 * @param dy, dx integer shifts; with reflect padding |shift| < the image side.
 */
export function translate(dy: number, dx: number, options: TranslateOptions = {}): TtaView {
  const fn = 'translate';
  const sy = shiftOf(fn, 'dy', dy);
  const sx = shiftOf(fn, 'dx', dx);
  const padding = options.padding ?? 'reflect';
  assertOneOf(fn, 'options.padding', padding, ['reflect', 'symmetric', 'edge', 'constant'] as const);
  const mirror = options.hflip ?? false;
  if (typeof mirror !== 'boolean')
    throw new TricksError(fn, 'options.hflip', 'a boolean', describeValue(mirror));
  const p = Math.max(Math.abs(sy), Math.abs(sx));
  return {
    name: `translate(${sy}, ${sx}${mirror ? ', hflip' : ''})`,
    apply(images: Images): Images {
      const [n, h, w] = images.shape;
      // tf.mirrorPad's limits: reflect needs padding < side, symmetric ≤ side.
      const limit = padding === 'reflect' ? Math.min(h, w) - 1 : padding === 'symmetric' ? Math.min(h, w) : p;
      if (p > limit)
        throw new TricksError(
          fn,
          'dy, dx',
          `shifts of at most ${limit} px for ${padding} padding of ${h}×${w} images`,
          `(${sy}, ${sx})`,
        );
      return tf.tidy(() => {
        const padded = padImages(images, [p, p, p, p], padding, 0);
        const shifted = tf.slice(padded, [0, p - sy, p - sx, 0], [n, h, w, -1]) as Images;
        return mirror ? flipImages(shifted, new Array(n).fill(true), new Array(n).fill(false)) : shifted;
      });
    },
  };
}

/** Views and weights for {@link tta}: what {@link translateViews} returns. */
export interface WeightedViews {
  transforms: TtaTransform[];
  weights: number[];
}

/**
 * airbench's test-time augmentation (its `tta_level = 2`): the image and its mirror (weight ¼
 * each) plus the two diagonal shifts by ±`pixels` and their mirrors (⅛ each), i.e. half the
 * weight on the flip pair, half on the translated flip pairs. Spread into {@link tta}'s options:
 * `tta(predict, images, { ...translateViews(1) })`. airbench averages logits: pass a `predict`
 * that returns logits (the `'mean'` merge is linear), or probabilities as usual.
 *
 * @param pixels shift in pixels (integer ≥ 1), default 1.
 */
export function translateViews(pixels = 1, options: Pick<TranslateOptions, 'padding'> = {}): WeightedViews {
  assertInteger('translateViews', 'pixels', pixels, 1);
  const at = (s: number, hflip: boolean) => translate(s, s, { ...options, hflip });
  return {
    transforms: [
      'identity',
      'hflip',
      at(-pixels, false),
      at(-pixels, true),
      at(pixels, false),
      at(pixels, true),
    ],
    weights: [1 / 4, 1 / 4, 1 / 8, 1 / 8, 1 / 8, 1 / 8],
  };
}
