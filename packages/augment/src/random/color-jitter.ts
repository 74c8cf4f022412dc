import * as tf from '@tensorflow/tfjs-core';
import { describeValue, type Images, TricksError } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions, selectApplied } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { checkRange } from '../base/range-options';
import { blendComplement, colorBlendPass } from '../photometric/color-blend-pass';
import { adjustHue } from '../photometric/index';

/** Options of {@link colorJitter} (torchvision `ColorJitter`). */
export interface ColorJitterOptions extends GateOptions {
  /** `b` → factor in [max(0, 1 − b), 1 + b], or a range [lo, hi] ≥ 0; default off. */
  brightness?: number | readonly [number, number];
  /** Like brightness; default off. */
  contrast?: number | readonly [number, number];
  /** Like brightness; default off. */
  saturation?: number | readonly [number, number];
  /** `h` → hue shift in [−h, h] turns (h ≤ 0.5), or a range within [−0.5, 0.5]; default off. */
  hue?: number | readonly [number, number];
}

/**
 * One image's jitter: the order of the four ops (0 brightness, 1 contrast, 2 saturation,
 * 3 hue — torchvision's `fn_idx`) and each factor (null when that op is off).
 */
export interface ColorJitterValues {
  order: number[];
  brightness: number | null;
  contrast: number | null;
  saturation: number | null;
  hue: number | null;
}

const OPS = ['brightness', 'contrast', 'saturation', 'hue'] as const;
type Op = (typeof OPS)[number];
const BRIGHTNESS = 0;
const CONTRAST = 1;
const SATURATION = 2;
const HUE = 3;

function factorRange(
  fn: string,
  op: Op,
  value: number | readonly [number, number] | undefined,
): [number, number] | null {
  if (value === undefined) return null;
  if (op === 'hue') {
    if (typeof value === 'number') {
      if (!(value >= 0 && value <= 0.5))
        throw new TricksError(fn, 'options.hue', 'a number in [0, 0.5] or a range', describeValue(value));
      return [-value, value];
    }
    return checkRange(fn, 'options.hue', value, -0.5, 0.5);
  }
  if (typeof value === 'number') {
    if (!(value >= 0) || !Number.isFinite(value))
      throw new TricksError(fn, `options.${op}`, 'a number ≥ 0 or a range', describeValue(value));
    return [Math.max(0, 1 - value), 1 + value];
  }
  return checkRange(fn, `options.${op}`, value, 0, Infinity);
}

/**
 * Random brightness, contrast, saturation and hue, each image in its own random order —
 * torchvision `ColorJitter` per sample. Batched: the order slots are passes; in each pass
 * every op runs once on the whole batch with per-image factors — the drawn factor for images
 * whose order puts that op in that slot, the identity factor for the rest. `p` (default 1)
 * gates images.
 */
export function colorJitter(options: ColorJitterOptions = {}): Augmentation<GatedParams<ColorJitterValues>> {
  const fn = 'colorJitter';
  const ranges = Object.fromEntries(OPS.map((op) => [op, factorRange(fn, op, options[op])])) as Record<
    Op,
    [number, number] | null
  >;
  const gate = checkGate(fn, options, 1);
  return gatedAugmentation<ColorJitterValues>({
    name: fn,
    ...gate,
    selfGated: true,
    draw(rng) {
      const order = rng.permutation(4);
      const draw = (op: Op) => {
        const r = ranges[op];
        return r ? rng.uniform(r[0], r[1]) : null;
      };
      return {
        order,
        brightness: draw('brightness'),
        contrast: draw('contrast'),
        saturation: draw('saturation'),
        hue: draw('hue'),
      };
    },
    run(images, values, applied) {
      const c = images.shape[3];
      if (ranges.saturation && c === 1)
        throw new TricksError(fn, 'images', 'images with 3 or 4 channels (saturation)', '1 channel');
      // Ops that are off are identities, so each image only needs its active ops, in order.
      const orders = values.map((v, i) => (applied[i] ? v.order.filter((j) => v[OPS[j]!] !== null) : []));
      const slots = Math.max(0, ...orders.map((o) => o.length));
      let current: Images = tf.clone(images);
      for (let slot = 0; slot < slots; slot++) {
        const ops = orders.map((o) => o[slot] ?? -1);
        // Brightness, contrast and saturation are one blend with per-image coefficients: a
        // slot is a single pass over the batch, however the images' ops differ.
        if (ops.some((j) => j === BRIGHTNESS || j === CONTRAST || j === SATURATION)) {
          const factor = (i: number, j: number) => (ops[i] === j ? values[i]![OPS[j]!]! : null);
          const next = tf.tidy(() =>
            colorBlendPass(current, {
              alpha: ops.map((j, i) => (j >= 0 && j < HUE ? factor(i, j)! : 1)),
              beta: ops.map((_, i) => {
                const f = factor(i, SATURATION);
                return f === null ? 0 : blendComplement(f);
              }),
              gamma: ops.map((_, i) => {
                const f = factor(i, CONTRAST);
                return f === null ? 0 : blendComplement(f);
              }),
            }),
          );
          current.dispose();
          current = next;
        }
        const hue = ops.map((j) => j === HUE);
        if (hue.some(Boolean)) {
          const shifted = adjustHue(
            current,
            values.map((v, i) => (hue[i] ? v.hue! : 0)),
          );
          // A zero hue shift round-trips through HSV, so images not due for hue are restored.
          const next = hue.every(Boolean) ? shifted : selectApplied(hue, shifted, current);
          if (next !== shifted) shifted.dispose();
          current.dispose();
          current = next;
        }
      }
      return current;
    },
  });
}
