import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';
import { keepAlpha } from '../kernels/keep-alpha';
import { lumaRgb, meanLuma } from './grayscale';

/**
 * Per-image coefficients of one {@link colorBlendPass}: `alpha` scales the image, `beta` the
 * pixel's gray value, `gamma` the image's mean gray. One entry per image.
 */
export interface ColorBlendCoefficients {
  alpha: readonly number[];
  beta: readonly number[];
  gamma: readonly number[];
}

/** `1 − f` in float32, as `tf.sub(1, ratio)` computes it (so fused and unfused agree bit for bit). */
export function blendComplement(f: number): number {
  return Math.fround(1 - Math.fround(f));
}

/**
 * `clamp(α·x + (β·gray(x) + γ·mean(gray(x))), 0, 1)` per image, in one pass over the batch:
 * torchvision's brightness (α = f), contrast (α = f, γ = 1 − f), saturation (α = f,
 * β = 1 − f) and the identity (α = 1) are all this blend, so colorJitter can run each order
 * slot as one pass however the images' ops differ. Gray is torchvision's luma (C = 1: the
 * image itself); alpha (C = 4) is kept. Unvalidated internal op: call inside `tf.tidy`.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1]
 * @returns `[N, H, W, C]` float32 in [0, 1]
 */
export function colorBlendPass(images: Images, k: ColorBlendCoefficients): Images {
  const n = images.shape[0];
  const column = (v: readonly number[]) => tf.tensor4d(Array.from(v), [n, 1, 1, 1]);
  const usesGray = k.beta.some((b) => b !== 0);
  const usesMean = k.gamma.some((g) => g !== 0);
  const scales = k.alpha.some((a) => a !== 1);
  if (!usesGray && !usesMean && !scales) return tf.clone(images);
  return keepAlpha(images, (x): tf.Tensor4D => {
    const scaled = scales ? tf.mul(column(k.alpha), x) : x;
    if (!usesGray && !usesMean) return tf.clipByValue(scaled, 0, 1) as tf.Tensor4D;
    // Gray in every channel (C = 1: the image), so every term below is same-shape or per-image.
    const grayTerm = usesGray ? tf.mul(column(k.beta), x.shape[3] === 1 ? x : lumaRgb(x)) : null;
    const meanTerm = usesMean ? tf.mul(column(k.gamma), meanLuma(x)) : null;
    // Summed before the image term, as `blend` adds `(1 − f)·b` to `f·x`: exact for each op.
    const offset = grayTerm && meanTerm ? tf.add(grayTerm, meanTerm) : (grayTerm ?? meanTerm)!;
    return tf.clipByValue(tf.add(scaled, offset), 0, 1) as tf.Tensor4D;
  }) as Images;
}
