import { assertProbability } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import {
  batchMix,
  checkAlpha,
  checkMinMax,
  checkMixOptions,
  cutmixDraw,
  type MixMode,
  type MixParams,
} from './batch-mix';

/** Options of {@link mixupOrCutmix} (timm `Mixup`). */
export interface MixupOrCutmixOptions {
  /** mixup's α (> 0), or 0 to disable mixup; default 1. */
  mixupAlpha?: number;
  /** cutmix's α (> 0), or 0 to disable cutmix; default 0. */
  cutmixAlpha?: number;
  /** cutmix box side fractions [min, max] (timm `cutmix_minmax`). */
  minMax?: readonly [number, number];
  /** Probability of cutmix rather than mixup when both are enabled; default 0.5. */
  switchProb?: number;
  /** Probability of mixing at all (timm `prob`); default 1. */
  p?: number;
  /** `'batch'` (default), `'pair'` or `'elem'`. */
  mode?: MixMode;
  /** Correct λ to the pasted area for cutmix; default true. */
  correctLam?: boolean;
  /** Label smoothing ε in [0, 1]; default 0.1 (timm's default). */
  labelSmoothing?: number;
}

/**
 * timm's `Mixup`: per batch, pair or image (by `mode`), mix with probability `p`; when both
 * are enabled pick cutmix with probability `switchProb`, else mixup. Targets are smoothed
 * (default ε = 0.1) and mixed by λ, so rows sum to 1.
 */
export function mixupOrCutmix(options: MixupOrCutmixOptions = {}): Augmentation<MixParams> {
  const fn = 'mixupOrCutmix';
  const mixupAlpha = options.mixupAlpha ?? 1;
  const cutmixAlpha = options.cutmixAlpha ?? 0;
  if (mixupAlpha !== 0) checkAlpha(fn, 'options.mixupAlpha', mixupAlpha);
  if (cutmixAlpha !== 0) checkAlpha(fn, 'options.cutmixAlpha', cutmixAlpha);
  if (mixupAlpha === 0 && cutmixAlpha === 0) checkAlpha(fn, 'options.mixupAlpha', mixupAlpha);
  const minMax = checkMinMax(fn, options.minMax);
  const switchProb = options.switchProb ?? 0.5;
  assertProbability(fn, 'options.switchProb', switchProb);
  const correctLam = options.correctLam ?? true;
  const { mode, labelSmoothing, p } = checkMixOptions(fn, { labelSmoothing: 0.1, ...options });
  return batchMix(fn, mode, labelSmoothing, (rng, h, w) => {
    if (!(p >= 1 || rng.uniform() < p)) return { lambda: 1, cutmix: false, box: null };
    let useCutmix = false;
    if (mixupAlpha > 0 && cutmixAlpha > 0) useCutmix = rng.uniform() < switchProb;
    else if (cutmixAlpha > 0) useCutmix = true;
    const alpha = useCutmix ? cutmixAlpha : mixupAlpha;
    const lam = rng.beta(alpha, alpha);
    if (!useCutmix) return { lambda: lam, cutmix: false, box: null };
    return cutmixDraw(rng, lam, h, w, minMax, correctLam);
  });
}
