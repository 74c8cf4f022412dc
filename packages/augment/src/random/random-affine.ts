import { assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { checkRange, symmetricRange } from '../base/range-options';
import { roundHalfEven } from '../base/round-half-even';
import { affine } from '../geometric/affine';
import { checkWarpOptions, type WarpOptions } from '../geometric/projective-warp';
import { type PerSamplePair, perSamplePair } from '../kernels/per-sample';

/** Options of {@link randomAffine} (torchvision `RandomAffine`). */
export interface RandomAffineOptions extends WarpOptions, GateOptions {
  /** Rotation range in degrees: `d` means [−d, d]. */
  degrees: number | readonly [number, number];
  /** Maximum translation as a fraction of [width, height], each in [0, 1]; default none. */
  translate?: readonly [number, number];
  /** Scale range [lo, hi], lo > 0; default 1. */
  scale?: readonly [number, number];
  /** Shear in degrees: `s` → x in [−s, s]; `[a, b]` → x in [a, b]; `[a, b, c, d]` → also y in [c, d]. */
  shear?: number | readonly [number, number] | readonly [number, number, number, number];
  /** Centre of rotation [x, y] in pixels; default the image centre. */
  center?: PerSamplePair;
}

/** One image's affine parameters (degrees and pixels). */
export interface AffineValues {
  angle: number;
  translate: [number, number];
  scale: number;
  shear: [number, number];
}

/**
 * Random affine warp per image (torchvision `RandomAffine.get_params`; translations are
 * rounded to whole pixels as there). `p` (default 1) gates each image. All images are warped
 * in one `tf.image.transform` call. Output: same shape as the input.
 */
export function randomAffine(options: RandomAffineOptions): Augmentation<GatedParams<AffineValues>> {
  const fn = 'randomAffine';
  const degrees = symmetricRange(fn, 'options.degrees', options?.degrees);
  const translate = checkTranslate(fn, options.translate);
  const scale =
    options.scale === undefined
      ? null
      : checkRange(fn, 'options.scale', options.scale, Number.MIN_VALUE, Infinity);
  const shear = checkShear(fn, options.shear);
  const gate = checkGate(fn, options, 1);
  const warp = checkWarpOptions(fn, options, null);
  return gatedAugmentation<AffineValues>({
    name: fn,
    ...gate,
    draw(rng, [h, w]) {
      const angle = rng.uniform(degrees[0], degrees[1]);
      let t: [number, number] = [0, 0];
      if (translate) {
        const [fx, fy] = translate;
        t = [roundHalfEven(rng.uniform(-fx * w, fx * w)), roundHalfEven(rng.uniform(-fy * h, fy * h))];
      }
      const s = scale ? rng.uniform(scale[0], scale[1]) : 1;
      const sh: [number, number] = [0, 0];
      if (shear) {
        sh[0] = rng.uniform(shear[0], shear[1]);
        if (shear.length === 4) sh[1] = rng.uniform(shear[2]!, shear[3]!);
      }
      return { angle, translate: t, scale: s, shear: sh };
    },
    run(images, values) {
      const n = images.shape[0];
      const center =
        options.center === undefined ? undefined : perSamplePair(fn, 'options.center', options.center, n);
      return affine(images, {
        angle: values.map((v) => v.angle),
        translate: values.map((v) => v.translate),
        scale: values.map((v) => v.scale),
        shear: values.map((v) => v.shear),
        ...(center ? { center } : {}),
        interpolation: warp.interpolation,
        fill: warp.fill,
      });
    },
  });
}

function checkShear(fn: string, shear: RandomAffineOptions['shear']): number[] | null {
  if (shear === undefined) return null;
  if (typeof shear === 'number') {
    assertNumberInRange(fn, 'options.shear', shear, 0, Infinity);
    return [-shear, shear];
  }
  if (Array.isArray(shear) && shear.length === 4) {
    return [
      ...checkRange(fn, 'options.shear', shear.slice(0, 2), -Infinity, Infinity),
      ...checkRange(fn, 'options.shear', shear.slice(2), -Infinity, Infinity),
    ];
  }
  return checkRange(fn, 'options.shear', shear, -Infinity, Infinity);
}

function checkTranslate(fn: string, translate: RandomAffineOptions['translate']): [number, number] | null {
  if (translate === undefined) return null;
  const ok =
    Array.isArray(translate) &&
    translate.length === 2 &&
    translate.every((v) => typeof v === 'number' && v >= 0 && v <= 1);
  if (!ok)
    throw new TricksError(fn, 'options.translate', 'fractions [fx, fy] in [0, 1]', describeValue(translate));
  return [translate[0], translate[1]];
}
