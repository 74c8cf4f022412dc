import * as tf from '@tensorflow/tfjs-core';
import {
  assertNumberInRange,
  assertOneOf,
  type Batch,
  describeValue,
  type Rng,
  TricksError,
} from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkBatch, checkParamsLength } from '../base/batch-checks';
import type { Box } from '../base/box';
import { boxMask, checkBox, perChannel } from '../photometric/box-mask';

/**
 * How λ is shared (timm `Mixup` modes): `'batch'` one λ (and box) for the whole batch,
 * `'pair'` one per pair (i, N−1−i), `'elem'` one per image. Image i is always mixed with
 * image N−1−i (the flipped batch), as in timm.
 */
export type MixMode = 'batch' | 'pair' | 'elem';

/**
 * Parameters of a batch mix, per image: the weight λ of the image's own content (the
 * corrected pasted-area fraction for cutmix), whether it was a cutmix, and its box (cutmix
 * only; the region taken from the partner). Plain JSON.
 */
export interface MixParams {
  lambda: number[];
  cutmix: boolean[];
  boxes: (Box | null)[];
  /** Label smoothing ε applied to both targets before mixing. */
  labelSmoothing: number;
}

/** timm's `rand_bbox`: a box of side √(1−λ)·size centred uniformly (clipped to the image). */
export function cutmixBox(
  rng: Rng,
  lam: number,
  h: number,
  w: number,
  minMax: readonly [number, number] | null,
): Box {
  if (minMax) {
    // timm's rand_bbox_minmax: side fractions uniform in [min, max).
    const ch = randint(rng, Math.trunc(h * minMax[0]), Math.trunc(h * minMax[1]));
    const cw = randint(rng, Math.trunc(w * minMax[0]), Math.trunc(w * minMax[1]));
    const top = randint(rng, 0, h - ch);
    const left = randint(rng, 0, w - cw);
    return { top, left, height: ch, width: cw };
  }
  const ratio = Math.sqrt(1 - lam);
  const ch = Math.trunc(h * ratio);
  const cw = Math.trunc(w * ratio);
  const cy = rng.int(0, h);
  const cx = rng.int(0, w);
  const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const yl = clip(cy - Math.floor(ch / 2), h);
  const yh = clip(cy + Math.floor(ch / 2), h);
  const xl = clip(cx - Math.floor(cw / 2), w);
  const xh = clip(cx + Math.floor(cw / 2), w);
  return { top: yl, left: xl, height: yh - yl, width: xh - xl };
}

/** numpy's randint(lo, hi): hi exclusive, and lo when the range is empty (timm never hits that). */
function randint(rng: Rng, lo: number, hi: number): number {
  return hi > lo ? rng.int(lo, hi) : lo;
}

/** λ = 1 − (pasted area) / (image area): the exact share of the image's own pixels. */
export function boxLambda(box: Box, h: number, w: number): number {
  return 1 - (box.height * box.width) / (h * w);
}

/** One draw of the mix for a group of images (a batch, a pair or one image). */
export interface MixDraw {
  lambda: number;
  cutmix: boolean;
  box: Box | null;
}

/**
 * A cutmix draw for a sampled λ: the box, and the λ the targets get — the exact share of the
 * image's own pixels when `correctLam` or `minMax` (the box, not λ, then decides the area).
 */
export function cutmixDraw(
  rng: Rng,
  lam: number,
  h: number,
  w: number,
  minMax: readonly [number, number] | null,
  correctLam: boolean,
): MixDraw {
  const box = cutmixBox(rng, lam, h, w, minMax);
  return { lambda: correctLam || minMax ? boxLambda(box, h, w) : lam, cutmix: true, box };
}

/** Builds the Augmentation of a batch mix from a per-group draw function. */
export function batchMix(
  name: string,
  mode: MixMode,
  labelSmoothing: number,
  draw: (rng: Rng, h: number, w: number) => MixDraw,
): Augmentation<MixParams> {
  return {
    name,
    sample(rng, n, [h, w]) {
      const lambda = new Array<number>(n);
      const cutmix = new Array<boolean>(n);
      const boxes = new Array<Box | null>(n);
      const set = (i: number, d: MixDraw) => {
        lambda[i] = d.lambda;
        cutmix[i] = d.cutmix;
        boxes[i] = d.box;
      };
      if (mode === 'batch') {
        const d = draw(rng, h, w);
        for (let i = 0; i < n; i++) set(i, d);
      } else if (mode === 'pair') {
        for (let i = 0; i < Math.ceil(n / 2); i++) {
          const d = draw(rng, h, w);
          set(i, d);
          set(n - 1 - i, d);
        }
      } else {
        for (let i = 0; i < n; i++) set(i, draw(rng, h, w));
      }
      return { lambda, cutmix, boxes, labelSmoothing };
    },
    apply(batch, params) {
      return applyMix(name, batch, params);
    },
  };
}

/** Mixes image i with image N−1−i according to `params`; targets are smoothed, then mixed by λ. */
export function applyMix(fn: string, batch: Batch, params: MixParams): Batch {
  const n = checkBatch(fn, batch);
  checkParamsLength(fn, 'params.lambda', params?.lambda, n);
  checkParamsLength(fn, 'params.cutmix', params?.cutmix, n);
  checkParamsLength(fn, 'params.boxes', params?.boxes, n);
  const eps = params.labelSmoothing ?? 0;
  assertNumberInRange(fn, 'params.labelSmoothing', eps, 0, 1);
  const [, h, w, c] = batch.images.shape;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const pasted: Box[] = [];
  for (let i = 0; i < n; i++) {
    const lam = params.lambda[i]!;
    assertNumberInRange(fn, `params.lambda[${i}]`, lam, 0, 1);
    const box = params.boxes[i];
    if (params.cutmix[i]) {
      // Own pixels keep weight 1, the box takes the partner's: W = 1 − inBox.
      a[i] = 1;
      b[i] = -1;
      pasted.push(checkBox(fn, `params.boxes[${i}]`, box, h, w));
    } else {
      a[i] = lam;
      pasted.push({ top: 0, left: 0, height: 0, width: 0 });
    }
  }
  return tf.tidy(() => {
    const images = batch.images;
    const partner = tf.reverse(images, 0);
    const col = (v: Float32Array) => tf.tensor4d(v, [n, 1, 1, 1]);
    // Mixup only: one weight per image. Cutmix: a box mask built in JS, spread over channels.
    const weight = params.cutmix.some(Boolean)
      ? tf.add(
          col(a),
          tf.mul(col(b), perChannel(boxMask(pasted, n, h, w), new Array<number>(c).fill(1), images.shape)),
        )
      : col(a);
    const mixed = tf.add(tf.mul(weight, images), tf.mul(tf.sub(1, weight), partner)) as tf.Tensor4D;
    const k = batch.targets.shape[1];
    const smooth = eps > 0 ? tf.add(tf.mul(batch.targets, 1 - eps), eps / k) : batch.targets;
    const lam = tf.tensor2d(Float32Array.from(params.lambda), [n, 1]);
    const targets = tf.add(tf.mul(lam, smooth), tf.mul(tf.sub(1, lam), tf.reverse(smooth, 0))) as tf.Tensor2D;
    return { images: mixed, targets };
  });
}

/** Validates the options every mix shares. */
export function checkMixOptions(
  fn: string,
  options: { mode?: MixMode; labelSmoothing?: number; p?: number },
): { mode: MixMode; labelSmoothing: number; p: number } {
  const mode = options.mode ?? 'batch';
  assertOneOf(fn, 'options.mode', mode, ['batch', 'pair', 'elem'] as const);
  const labelSmoothing = options.labelSmoothing ?? 0;
  assertNumberInRange(fn, 'options.labelSmoothing', labelSmoothing, 0, 1);
  const p = options.p ?? 1;
  assertNumberInRange(fn, 'options.p', p, 0, 1);
  return { mode, labelSmoothing, p };
}

/** Validates a Beta concentration α > 0. */
export function checkAlpha(fn: string, arg: string, alpha: unknown): number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0)
    throw new TricksError(fn, arg, 'a number > 0', describeValue(alpha));
  return alpha;
}

/** Validates cutmix's `minMax` side-fraction range, 0 < min < max ≤ 1. */
export function checkMinMax(fn: string, minMax: unknown): [number, number] | null {
  if (minMax === undefined || minMax === null) return null;
  const ok =
    Array.isArray(minMax) && minMax.length === 2 && minMax[0] > 0 && minMax[0] < minMax[1] && minMax[1] <= 1;
  if (!ok)
    throw new TricksError(
      fn,
      'options.minMax',
      'a range [min, max] with 0 < min < max ≤ 1',
      describeValue(minMax),
    );
  return [minMax[0], minMax[1]];
}
