import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { symmetricRange } from '../base/range-options';
import { colorSkew } from '../color/index';

/** Options of {@link randomColorSkew}: factor ranges; `d` means [1 − d, 1 + d]. */
export interface RandomColorSkewOptions extends GateOptions {
  /** Hue factor range; default [0.6, 1.4]. */
  hue?: number | readonly [number, number];
  /** Saturation factor range; default [0.6, 1.4]. */
  saturation?: number | readonly [number, number];
  /** Value factor range; default [0.6, 1.4]. */
  value?: number | readonly [number, number];
}

/** One image's HSV factors. */
export interface ColorSkewValues {
  hue: number;
  saturation: number;
  value: number;
}

/**
 * The article's "Color Skew": per image, H, S and V are multiplied by factors drawn uniformly
 * from their ranges — by default [0.6, 1.4], the article's intent (its code's ranges are
 * typos). `p` (default 1) gates each image. Output: same shape, in [0, 1].
 */
export function randomColorSkew(
  options: RandomColorSkewOptions = {},
): Augmentation<GatedParams<ColorSkewValues>> {
  const fn = 'randomColorSkew';
  const range = (arg: 'hue' | 'saturation' | 'value') =>
    symmetricRange(fn, `options.${arg}`, options[arg] ?? [0.6, 1.4], 1, 0);
  const [h, s, v] = [range('hue'), range('saturation'), range('value')];
  const gate = checkGate(fn, options, 1);
  return gatedAugmentation<ColorSkewValues>({
    name: fn,
    ...gate,
    draw: (rng) => ({
      hue: rng.uniform(h[0], h[1]),
      saturation: rng.uniform(s[0], s[1]),
      value: rng.uniform(v[0], v[1]),
    }),
    run: (images, values) =>
      colorSkew(images, {
        hue: values.map((x) => x.hue),
        saturation: values.map((x) => x.saturation),
        value: values.map((x) => x.value),
      }),
  });
}
