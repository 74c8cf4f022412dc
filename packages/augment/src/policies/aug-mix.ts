import * as tf from '@tensorflow/tfjs-core';
import {
  assertInteger,
  assertNumberInRange,
  assertPerSample,
  type Batch,
  describeValue,
  type Images,
  type Rng,
  TricksError,
} from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkBatch } from '../base/batch-checks';
import { checkPolicyWarp, drawMagnitude, type OpDraw, toStages } from './policy-augmentation';
import {
  applyStages,
  augMixSpace,
  checkStage,
  type OpStage,
  type PolicyOpName,
  type PolicyWarpOptions,
} from './policy-ops';

/** Options of {@link augMix}. */
export interface AugMixOptions extends PolicyWarpOptions {
  /** Severity of the ops: magnitude bins 0..severity−1 of 10, integer in [1, 10]; default 3. */
  severity?: number;
  /** Number of augmentation chains mixed per view, integer ≥ 1; default 3. */
  width?: number;
  /** Ops per chain, integer ≥ 1, or −1 for a random depth in {1, 2, 3} per chain and image; default −1. */
  depth?: number;
  /** Dirichlet / Beta concentration, > 0; default 1. */
  alpha?: number;
  /** Include Brightness, Color, Contrast, Sharpness (torchvision `all_ops`); default true. */
  allOps?: boolean;
  /**
   * `true` (default): output the 3N batch `[clean; view1; view2]` (targets repeated) for the
   * JSD consistency loss — split it with {@link augMixViews}. `false`: N mixed images
   * (torchvision's `AugMix`).
   */
  jsd?: boolean;
}

/**
 * Parameters of {@link augMix}, for the M = N (or 2N with `jsd`) mixed images: the weight of
 * the original in each, each chain's weight, and each chain's stages (Identity past its depth).
 */
export interface AugMixParams {
  /** M weights of the original image, in [0, 1]. */
  mix: number[];
  /** M rows of `width` chain weights; each row sums to 1 − mix[i]. */
  weights: number[][];
  /** `width` chains, each a list of stages over the M images. */
  chains: OpStage[][];
}

/** A Dirichlet(α, …, α) draw of `k` weights, by stick breaking with Beta draws. */
function dirichlet(rng: Rng, alpha: number, k: number): number[] {
  const out: number[] = [];
  let rest = 1;
  for (let i = 0; i < k - 1; i++) {
    const b = rng.beta(alpha, alpha * (k - 1 - i));
    out.push(rest * b);
    rest *= 1 - b;
  }
  out.push(rest);
  return out;
}

/**
 * AugMix (Hendrycks et al. 2020), torchvision 0.14 `AugMix` semantics, batched: each output
 * image is `m · x + Σ_i w_i · chain_i(x)` with `m ~ Beta(α, α)`, `w ~ (1 − m) · Dirichlet(α)`
 * over `width` chains of 1–3 random ops (AugMix's op table, magnitude bins below `severity`).
 * Every chain stage runs once over the batch, grouping images by op.
 *
 * With `jsd` (default) two independent mixed views are made per image and the output is the
 * 3N batch `[clean; view1; view2]` with the targets repeated, ready for
 * `jsdConsistency([logitsClean, logits1, logits2])` plus cross-entropy on the clean third.
 * Put it last in a pipeline (it changes the batch size).
 *
 * Input: `Images` [N, H, W, C] in [0, 1], C ∈ {1, 3, 4}. Params replay the batch exactly.
 */
export function augMix(options: AugMixOptions = {}): Augmentation<AugMixParams> {
  const fn = 'augMix';
  const warp = checkPolicyWarp(fn, { interpolation: 'bilinear', ...options });
  const severity = options.severity ?? 3;
  const width = options.width ?? 3;
  const depth = options.depth ?? -1;
  const alpha = options.alpha ?? 1;
  const allOps = options.allOps ?? true;
  const jsd = options.jsd ?? true;
  assertInteger(fn, 'options.severity', severity, 1);
  assertNumberInRange(fn, 'options.severity', severity, 1, 10);
  assertInteger(fn, 'options.width', width, 1);
  if (depth !== -1) assertInteger(fn, 'options.depth', depth, 1);
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0)
    throw new TricksError(fn, 'options.alpha', 'a finite number > 0', describeValue(alpha));
  if (typeof allOps !== 'boolean')
    throw new TricksError(fn, 'options.allOps', 'a boolean', describeValue(allOps));
  if (typeof jsd !== 'boolean') throw new TricksError(fn, 'options.jsd', 'a boolean', describeValue(jsd));
  const views = jsd ? 2 : 1;
  const maxDepth = depth === -1 ? 3 : depth;
  return {
    name: `augMix(severity=${severity}, width=${width})`,
    sample(rng, batchSize, [h, w]) {
      const space = augMixSpace(10, h, w, allOps);
      const ops = Object.keys(space) as PolicyOpName[];
      const m = batchSize * views;
      const mix: number[] = [];
      const weights: number[][] = [];
      const draws: OpDraw[][][] = Array.from({ length: width }, () => []);
      for (let j = 0; j < m; j++) {
        const m0 = rng.beta(alpha, alpha);
        mix.push(m0);
        weights.push(dirichlet(rng, alpha, width).map((v) => v * (1 - m0)));
        for (let c = 0; c < width; c++) {
          const d = depth === -1 ? rng.int(1, 4) : depth;
          draws[c]!.push(
            Array.from({ length: d }, (): OpDraw => {
              const op = ops[rng.int(0, ops.length)]!;
              return { op, magnitude: drawMagnitude(rng, space, op, (t) => t[rng.int(0, severity)]!) };
            }),
          );
        }
      }
      return { mix, weights, chains: draws.map((d) => toStages(d, maxDepth)) };
    },
    apply(batch, params) {
      const n = checkBatch(fn, batch);
      const m = n * views;
      checkParams(fn, params, m, width);
      return tf.tidy(() => {
        const x = batch.images;
        const base = views === 1 ? x : (tf.concat([x, x], 0) as Images);
        const column = (values: readonly number[]) => tf.tensor4d(Array.from(values), [m, 1, 1, 1]);
        let mixed: tf.Tensor = tf.mul(column(params.mix), base);
        params.chains.forEach((stages, c) => {
          const chain = applyStages(base, stages, warp);
          mixed = tf.add(mixed, tf.mul(column(params.weights.map((row) => row[c]!)), chain));
        });
        // Convex weights keep [0, 1]; the clip only removes float rounding.
        const out = tf.clipByValue(mixed, 0, 1) as Images;
        const images = jsd ? (tf.concat([x, out], 0) as Images) : out;
        const targets = jsd
          ? (tf.concat([batch.targets, batch.targets, batch.targets], 0) as tf.Tensor2D)
          : tf.clone(batch.targets);
        return { images, targets };
      });
    },
  };
}

function checkParams(fn: string, params: AugMixParams, m: number, width: number): void {
  if (
    params === null ||
    typeof params !== 'object' ||
    !Array.isArray(params.mix) ||
    !Array.isArray(params.weights) ||
    !Array.isArray(params.chains)
  )
    throw new TricksError(fn, 'params', '{ mix, weights, chains }', describeValue(params));
  assertPerSample(fn, 'params.mix', params.mix, m);
  assertPerSample(fn, 'params.weights', params.weights, m);
  assertPerSample(fn, 'params.chains', params.chains, width);
  params.mix.forEach((v, i) => {
    assertNumberInRange(fn, `params.mix[${i}]`, v, 0, 1);
  });
  params.weights.forEach((row, i) => {
    if (
      !Array.isArray(row) ||
      row.length !== width ||
      !row.every((v) => typeof v === 'number' && v >= 0 && v <= 1)
    )
      throw new TricksError(fn, `params.weights[${i}]`, `${width} weights in [0, 1]`, describeValue(row));
  });
  params.chains.forEach((stages, c) => {
    if (!Array.isArray(stages))
      throw new TricksError(fn, `params.chains[${c}]`, 'an array of stages', describeValue(stages));
    stages.forEach((s, k) => {
      checkStage(fn, `params.chains[${c}][${k}]`, s, m);
    });
  });
}

/**
 * Splits an {@link augMix} (`jsd`) output batch `[clean; view1; view2]` of 3N images into its
 * three parts (new tensors; the input is not disposed).
 *
 * @param batch the 3N batch augMix returned.
 * @returns `{ clean, views: [view1, view2] }`, each a `Batch` of N images.
 */
export function augMixViews(batch: Batch): { clean: Batch; views: [Batch, Batch] } {
  const fn = 'augMixViews';
  const total = checkBatch(fn, batch);
  if (total % 3 !== 0)
    throw new TricksError(fn, 'batch', 'a batch of 3N images [clean; view1; view2]', `${total} images`);
  const n = total / 3;
  const part = (k: number): Batch =>
    tf.tidy(() => ({
      images: tf.slice(batch.images, [k * n, 0, 0, 0], [n, -1, -1, -1]) as Images,
      targets: tf.slice(batch.targets, [k * n, 0], [n, -1]) as tf.Tensor2D,
    }));
  return { clean: part(0), views: [part(1), part(2)] };
}
