import * as tf from '@tensorflow/tfjs-core';
import {
  assertNumberInRange,
  assertOneOf,
  createRng,
  describeValue,
  type Images,
  type Rng,
  TricksError,
} from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { checkRange } from '../base/range-options';
import { roundHalfEven } from '../base/round-half-even';
import { type EraseBox, eraseBoxes } from '../photometric/erase';

/** How erased pixels are filled: `value` (timm 'const'), a random color per box ('rand'), per-pixel noise ('pixel'). */
export type EraseMode = 'const' | 'rand' | 'pixel';

/** Options of {@link randomErasing} (torchvision `RandomErasing` / timm `RandomErasing`). */
export interface RandomErasingOptions extends GateOptions {
  /** Erased area range, as a fraction of the image (split over the boxes); default [0.02, 0.33]. */
  scale?: readonly [number, number];
  /** Aspect ratio range h/w of a box, sampled log-uniformly; default [0.3, 3.3]. */
  ratio?: readonly [number, number];
  /** Fill for 'const' mode: one value or one per channel, in [0, 1]; default 0. */
  value?: number | readonly number[];
  /** Fill mode; default 'const'. Random fills are uniform in [0, 1] (images are not normalised). */
  mode?: EraseMode;
  /** Number of boxes: a number, or [min, max] drawn uniformly per image (timm); default 1. */
  count?: number | readonly [number, number];
}

/** One image's erasing: its boxes, the per-box colors ('rand'), the noise seed ('pixel'). */
export interface ErasingValues {
  boxes: EraseBox[];
  colors: number[][] | null;
  noiseSeed: number | null;
}

/** torchvision / timm box sampling: 10 tries of area × log-uniform ratio that fit strictly inside. */
function sampleBox(
  rng: Rng,
  h: number,
  w: number,
  area: number,
  scale: readonly [number, number],
  logRatio: readonly [number, number],
): EraseBox | null {
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logRatio[0], logRatio[1]));
    const bh = roundHalfEven(Math.sqrt(target * aspect));
    const bw = roundHalfEven(Math.sqrt(target / aspect));
    if (bh < h && bw < w)
      return { top: rng.int(0, h - bh + 1), left: rng.int(0, w - bw + 1), height: bh, width: bw };
  }
  return null;
}

/**
 * Erases random boxes (Zhong et al. 2020) with probability `p` (default 0.5) per image —
 * torchvision's box sampling with timm's modes and box count (the area is split over the
 * boxes as in timm). Output: same shape, in [0, 1].
 */
export function randomErasing(options: RandomErasingOptions = {}): Augmentation<GatedParams<ErasingValues>> {
  const fn = 'randomErasing';
  const scale = checkRange(fn, 'options.scale', options.scale ?? [0.02, 0.33], 0, 1);
  const ratio = checkRange(fn, 'options.ratio', options.ratio ?? [0.3, 3.3], Number.MIN_VALUE, Infinity);
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  const mode = options.mode ?? 'const';
  assertOneOf(fn, 'options.mode', mode, ['const', 'rand', 'pixel'] as const);
  const value = options.value ?? 0;
  if (typeof value === 'number') assertNumberInRange(fn, 'options.value', value, 0, 1);
  else if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
    throw new TricksError(
      fn,
      'options.value',
      'a number or per-channel numbers in [0, 1]',
      describeValue(value),
    );
  }
  const countOpt = options.count ?? 1;
  const count = typeof countOpt === 'number' ? [countOpt, countOpt] : countOpt;
  if (
    !Array.isArray(count) ||
    count.length !== 2 ||
    !count.every((c) => Number.isInteger(c) && c >= 1) ||
    count[0]! > count[1]!
  ) {
    throw new TricksError(
      fn,
      'options.count',
      'an integer ≥ 1 or a range [min, max]',
      describeValue(countOpt),
    );
  }
  const gate = checkGate(fn, options, 0.5);
  return gatedAugmentation<ErasingValues>({
    name: fn,
    ...gate,
    selfGated: true,
    draw(rng, [h, w, c]) {
      const k = count[0] === count[1] ? count[0]! : rng.int(count[0]!, count[1]! + 1);
      const boxes: EraseBox[] = [];
      const colors: number[][] = [];
      for (let b = 0; b < k; b++) {
        const box = sampleBox(rng, h, w, (h * w) / k, scale, logRatio);
        if (!box) continue;
        boxes.push(box);
        if (mode === 'rand') colors.push(Array.from({ length: c }, () => rng.uniform()));
      }
      return {
        boxes,
        colors: mode === 'rand' ? colors : null,
        noiseSeed: mode === 'pixel' ? rng.int(0, 2 ** 31) : null,
      };
    },
    run(images, values, applied) {
      const [n, h, w, c] = images.shape;
      if (typeof value !== 'number' && value.length !== c)
        throw new TricksError(fn, 'options.value', `${c} values (one per channel)`, describeValue(value));
      const slots = Math.max(0, ...values.map((v, i) => (applied[i] ? v.boxes.length : 0)));
      const empty: EraseBox = { top: 0, left: 0, height: 0, width: 0 };
      let current: Images = tf.clone(images);
      for (let s = 0; s < slots; s++) {
        const boxes = values.map((v, i) => (applied[i] ? (v.boxes[s] ?? empty) : empty));
        // Boxes and fills were drawn inside the image and in [0, 1]: no re-validation.
        const next = tf.tidy(() => eraseBoxes(current, boxes, fillFor(mode, value, values, s, n, h, w, c)));
        current.dispose();
        current = next;
      }
      return current;
    },
  });
}

function fillFor(
  mode: EraseMode,
  value: number | readonly number[],
  values: readonly ErasingValues[],
  slot: number,
  n: number,
  h: number,
  w: number,
  c: number,
): number[] | tf.Tensor {
  if (mode === 'const')
    return typeof value === 'number' ? new Array<number>(c).fill(value) : Array.from(value);
  if (mode === 'rand') {
    const colors = values.flatMap((v) => v.colors?.[slot] ?? new Array<number>(c).fill(0));
    return tf.tensor4d(colors, [n, 1, 1, c]);
  }
  // Per-pixel noise from each image's recorded seed, so replays match without storing pixels.
  const size = h * w * c;
  const noise = new Float32Array(n * size);
  values.forEach((v, i) => {
    const rng = createRng((v.noiseSeed ?? 0) * 16 + slot);
    for (let k = 0; k < size; k++) noise[i * size + k] = rng.uniform();
  });
  return tf.tensor4d(noise, [n, h, w, c]);
}
