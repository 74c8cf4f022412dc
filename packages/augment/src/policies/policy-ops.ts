import * as tf from '@tensorflow/tfjs-core';
import { assertPerSample, describeValue, type Images, TricksError } from '@tftricks/core';
import { affine } from '../geometric/affine';
import type { Fill, Interpolation } from '../geometric/projective-warp';
import { rotate } from '../geometric/rotate';
import { perSampleTensor } from '../kernels/per-sample';
import { adjustBrightness } from '../photometric/adjust-brightness';
import { adjustContrast } from '../photometric/adjust-contrast';
import { adjustSaturation } from '../photometric/adjust-saturation';
import { adjustSharpness } from '../photometric/adjust-sharpness';
import { autocontrast } from '../photometric/autocontrast';
import { equalize } from '../photometric/equalize';
import { invert } from '../photometric/invert';
import { posterize } from '../photometric/posterize';
import { solarize } from '../photometric/solarize';

/** The operations of torchvision's AutoAugment family (`_apply_op`), by torchvision's names. */
export const POLICY_OPS = [
  'Identity',
  'ShearX',
  'ShearY',
  'TranslateX',
  'TranslateY',
  'Rotate',
  'Brightness',
  'Color',
  'Contrast',
  'Sharpness',
  'Posterize',
  'Solarize',
  'AutoContrast',
  'Equalize',
  'Invert',
] as const;

/** One of {@link POLICY_OPS}. */
export type PolicyOpName = (typeof POLICY_OPS)[number];

/** One step of a sub-policy: apply `op` with probability `p` at magnitude bin `magnitude`. */
export interface PolicyStep {
  op: PolicyOpName;
  /** Probability in [0, 1]. */
  p: number;
  /** Magnitude bin in [0, numBins − 1], or null for ops without a magnitude. */
  magnitude: number | null;
}

/**
 * One batched stage of a policy: image i gets `ops[i]` at the signed torchvision magnitude
 * `magnitudes[i]` (shear as a tangent, translation in pixels, rotation in degrees, colour
 * ops as factor − 1, posterize bits, solarize threshold on the 0–255 scale). Plain JSON.
 */
export interface OpStage {
  ops: PolicyOpName[];
  magnitudes: number[];
}

/** Sampling and warp options shared by the policies. */
export interface PolicyWarpOptions {
  /** Resampling of the geometric ops; default `'nearest'` (torchvision's default). */
  interpolation?: Interpolation;
  /** Value of pixels uncovered by the geometric ops, in [0, 1]; default 0. */
  fill?: Fill;
}

/** A magnitude table: per op, the values of each bin (null: no magnitude) and whether a random sign applies. */
export type MagnitudeSpace = Partial<Record<PolicyOpName, { magnitudes: number[] | null; signed: boolean }>>;

/**
 * `torch.linspace(start, end, steps)` in float32, exactly as torch computes it (the first half
 * counts up from `start`, the second half down from `end`), so magnitudes match bit for bit.
 */
export function torchLinspace(start: number, end: number, steps: number): number[] {
  const f = Math.fround;
  if (steps === 1) return [f(start)];
  const step = f(f(f(end) - f(start)) / (steps - 1));
  const half = Math.floor(steps / 2);
  return Array.from({ length: steps }, (_, i) =>
    i < half ? f(f(start) + f(step * i)) : f(f(end) - f(step * (steps - i - 1))),
  );
}

/** torchvision's posterize bins: `top − round(i / ((bins − 1) / levels))` (round half to even). */
function posterizeBits(top: number, levels: number, bins: number): number[] {
  return Array.from({ length: bins }, (_, i) => {
    const x = Math.fround(i / Math.fround((bins - 1) / levels));
    const r = Math.round(x);
    return top - (Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
  });
}

const none = { magnitudes: null, signed: false };
const signed = (hi: number, bins: number) => ({ magnitudes: torchLinspace(0, hi, bins), signed: true });

/** The colour ops' table (factor − 1), shared by every space. */
function colorOps(hi: number, bins: number): MagnitudeSpace {
  return {
    Brightness: signed(hi, bins),
    Color: signed(hi, bins),
    Contrast: signed(hi, bins),
    Sharpness: signed(hi, bins),
  };
}

/**
 * torchvision's `AutoAugment._augmentation_space(bins, [h, w])` (with `identity`:
 * RandAugment's, which adds Identity and drops Invert).
 */
export function autoAugmentSpace(bins: number, h: number, w: number, identity = false): MagnitudeSpace {
  const space: MagnitudeSpace = {
    ...(identity ? { Identity: none } : {}),
    ShearX: signed(0.3, bins),
    ShearY: signed(0.3, bins),
    TranslateX: signed(Math.fround((150 / 331) * w), bins),
    TranslateY: signed(Math.fround((150 / 331) * h), bins),
    Rotate: signed(30, bins),
    ...colorOps(0.9, bins),
    Posterize: { magnitudes: posterizeBits(8, 4, bins), signed: false },
    Solarize: { magnitudes: torchLinspace(255, 0, bins), signed: false },
    AutoContrast: none,
    Equalize: none,
  };
  if (!identity) space.Invert = none;
  return space;
}

/** torchvision's `TrivialAugmentWide._augmentation_space(bins)`. */
export function trivialAugmentWideSpace(bins: number): MagnitudeSpace {
  return {
    Identity: none,
    ShearX: signed(0.99, bins),
    ShearY: signed(0.99, bins),
    TranslateX: signed(32, bins),
    TranslateY: signed(32, bins),
    Rotate: signed(135, bins),
    ...colorOps(0.99, bins),
    Posterize: { magnitudes: posterizeBits(8, 6, bins), signed: false },
    Solarize: { magnitudes: torchLinspace(255, 0, bins), signed: false },
    AutoContrast: none,
    Equalize: none,
  };
}

/** torchvision's `AugMix._augmentation_space(bins, [h, w])`; `allOps` adds the colour ops. */
export function augMixSpace(bins: number, h: number, w: number, allOps: boolean): MagnitudeSpace {
  return {
    ShearX: signed(0.3, bins),
    ShearY: signed(0.3, bins),
    TranslateX: signed(Math.fround(w / 3), bins),
    TranslateY: signed(Math.fround(h / 3), bins),
    Rotate: signed(30, bins),
    Posterize: { magnitudes: posterizeBits(4, 4, bins), signed: false },
    Solarize: { magnitudes: torchLinspace(255, 0, bins), signed: false },
    AutoContrast: none,
    Equalize: none,
    ...(allOps ? colorOps(0.9, bins) : {}),
  };
}

/**
 * The magnitude at a (possibly fractional, e.g. noisy) bin: the table value at integer bins,
 * linear between neighbours otherwise (posterize bits are rounded to an integer).
 */
export function magnitudeAt(table: readonly number[], bin: number): number {
  const last = table.length - 1;
  const b = Math.min(Math.max(bin, 0), last);
  const lo = Math.floor(b);
  if (lo === b) return table[b]!;
  const t = b - lo;
  return table[lo]! * (1 - t) + table[lo + 1]! * t;
}

const GEOMETRIC = new Set<PolicyOpName>(['ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate']);

/** Throws unless `stage` holds `n` known op names and finite magnitudes. */
export function checkStage(fn: string, arg: string, stage: OpStage, n: number): void {
  if (
    stage === null ||
    typeof stage !== 'object' ||
    !Array.isArray(stage.ops) ||
    !Array.isArray(stage.magnitudes)
  )
    throw new TricksError(fn, arg, '{ ops, magnitudes } per-sample arrays', describeValue(stage));
  assertPerSample(fn, `${arg}.ops`, stage.ops, n);
  assertPerSample(fn, `${arg}.magnitudes`, stage.magnitudes, n);
  stage.ops.forEach((op, i) => {
    if (!(POLICY_OPS as readonly string[]).includes(op))
      throw new TricksError(fn, `${arg}.ops[${i}]`, `one of ${POLICY_OPS.join(', ')}`, describeValue(op));
    const m = stage.magnitudes[i];
    if (typeof m !== 'number' || !Number.isFinite(m))
      throw new TricksError(fn, `${arg}.magnitudes[${i}]`, 'a finite number', describeValue(m));
  });
}

/**
 * Applies one op to a whole (sub-)batch with per-image signed magnitudes, as torchvision's
 * `_apply_op` maps them onto the functional ops. Colour-only ops (Color) leave 1-channel
 * images unchanged, as torchvision does. Returns a new tensor.
 */
export function applyPolicyOp(
  images: Images,
  op: PolicyOpName,
  magnitudes: readonly number[],
  options: Required<PolicyWarpOptions>,
): Images {
  const { interpolation, fill } = options;
  const c = images.shape[3];
  const factor = () => magnitudes.map((m) => 1 + m);
  switch (op) {
    case 'Identity':
      return tf.clone(images);
    case 'ShearX':
    case 'ShearY': {
      // torchvision shears by atan(m) degrees about the top-left corner (official AutoAugment).
      const deg = magnitudes.map((m) => (Math.atan(m) * 180) / Math.PI);
      const shear = deg.map((d) => (op === 'ShearX' ? [d, 0] : [0, d]) as [number, number]);
      return affine(images, { angle: 0, shear, center: [0, 0], interpolation, fill });
    }
    case 'TranslateX':
    case 'TranslateY': {
      // Python's int(): truncation towards zero.
      const translate = magnitudes.map(
        (m) => (op === 'TranslateX' ? [Math.trunc(m), 0] : [0, Math.trunc(m)]) as [number, number],
      );
      return affine(images, { angle: 0, translate, interpolation, fill });
    }
    case 'Rotate':
      return rotate(images, magnitudes, { interpolation, fill });
    case 'Brightness':
      return adjustBrightness(images, factor());
    case 'Color':
      return c === 1 ? tf.clone(images) : adjustSaturation(images, factor());
    case 'Contrast':
      return adjustContrast(images, factor());
    case 'Sharpness':
      return adjustSharpness(images, factor());
    case 'Posterize':
      return posterizeBits0(images, magnitudes.map(Math.trunc));
    case 'Solarize':
      return solarize(
        images,
        magnitudes.map((m) => Math.min(Math.max(m / 255, 0), 1)),
      );
    case 'AutoContrast':
      return autocontrast(images);
    case 'Equalize':
      return equalize(images);
    case 'Invert':
      return invert(images);
  }
}

/** Posterize that also takes 0 bits (AugMix's table reaches 0: torchvision then gives black). */
function posterizeBits0(images: Images, bits: readonly number[]): Images {
  if (bits.every((b) => b >= 1)) return posterize(images, bits);
  return tf.tidy(() => {
    const kept = posterize(
      images,
      bits.map((b) => Math.max(b, 1)),
    );
    const c = images.shape[3];
    // Zero the colour channels of 0-bit images; alpha (C = 4) is kept.
    const colour = tf.tensor4d(c === 4 ? [1, 1, 1, 0] : new Array<number>(c).fill(1), [1, 1, 1, c]);
    const zeroed = tf.mul(tf.cast(tf.equal(perSampleTensor(bits), 0), 'float32'), colour);
    return tf.mul(kept, tf.sub(1, zeroed)) as Images;
  });
}

/** Whether an op moves pixels (used to report geometric vs photometric tolerances). */
export function isGeometric(op: PolicyOpName): boolean {
  return GEOMETRIC.has(op);
}

/**
 * Applies one stage: images are grouped by op, each group is gathered, goes through its op
 * once with its per-image magnitudes, and the batch is reassembled in order. Identity images
 * are never touched. Returns a new tensor.
 */
export function applyStage(images: Images, stage: OpStage, options: Required<PolicyWarpOptions>): Images {
  const n = images.shape[0];
  const groups = new Map<PolicyOpName, number[]>();
  stage.ops.forEach((op, i) => {
    if (op === 'Identity') return;
    const g = groups.get(op);
    if (g) g.push(i);
    else groups.set(op, [i]);
  });
  if (groups.size === 0) return tf.clone(images);
  return tf.tidy(() => {
    const [only] = groups;
    if (groups.size === 1 && only![1].length === n)
      return applyPolicyOp(images, only![0], stage.magnitudes, options);
    // Rows [original images; each group's outputs]; one gather picks each image's row.
    const parts: tf.Tensor4D[] = [images];
    const source = Array.from({ length: n }, (_, i) => i);
    let offset = n;
    for (const [op, idx] of groups) {
      const sub = tf.gather(images, tf.tensor1d(idx, 'int32')) as Images;
      parts.push(
        applyPolicyOp(
          sub,
          op,
          idx.map((i) => stage.magnitudes[i]!),
          options,
        ),
      );
      idx.forEach((i, j) => {
        source[i] = offset + j;
      });
      offset += idx.length;
    }
    return tf.gather(tf.concat(parts, 0), tf.tensor1d(source, 'int32')) as Images;
  });
}

/** Applies stages in order, disposing intermediates. Returns a new tensor. */
export function applyStages(
  images: Images,
  stages: readonly OpStage[],
  options: Required<PolicyWarpOptions>,
): Images {
  let current = images;
  for (const stage of stages) {
    const next = applyStage(current, stage, options);
    if (current !== images) current.dispose();
    current = next;
  }
  return current === images ? tf.clone(images) : current;
}
