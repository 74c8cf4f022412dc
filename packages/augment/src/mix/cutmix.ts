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

/** Options of {@link cutmix}. */
export interface CutmixOptions {
  /** Beta(α, α) concentration, > 0; default 1. */
  alpha?: number;
  /** Side fractions [min, max] of the box, drawn uniformly instead of from λ (timm `cutmix_minmax`). */
  minMax?: readonly [number, number];
  /** Use the exact pasted-area fraction as λ (the box is clipped at the border); default true. */
  correctLam?: boolean;
  /** Label smoothing ε in [0, 1]; default 0. */
  labelSmoothing?: number;
  /** Probability of mixing; default 1. */
  p?: number;
  /** How λ and the box are shared; default `'batch'`. */
  mode?: MixMode;
}

/**
 * CutMix (Yun et al. 2019) as timm does it: λ ~ Beta(α, α) sets a box of side √(1−λ) of the
 * image; that box of image i is replaced by the same box of image N−1−i. With `correctLam`
 * (default) λ becomes the exact share of i's own pixels, so targets
 * λ·t_i + (1−λ)·t_{N−1−i} match the pixels. Output shapes equal the input's.
 */
export function cutmix(options: CutmixOptions = {}): Augmentation<MixParams> {
  const fn = 'cutmix';
  const alpha = checkAlpha(fn, 'options.alpha', options.alpha ?? 1);
  const minMax = checkMinMax(fn, options.minMax);
  const correctLam = options.correctLam ?? true;
  const { mode, labelSmoothing, p } = checkMixOptions(fn, options);
  return batchMix(fn, mode, labelSmoothing, (rng, h, w) => {
    if (!(p >= 1 || rng.uniform() < p)) return { lambda: 1, cutmix: false, box: null };
    const lam = rng.beta(alpha, alpha);
    return cutmixDraw(rng, lam, h, w, minMax, correctLam);
  });
}
