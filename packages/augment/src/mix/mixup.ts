import type { Augmentation } from '../base/augmentation';
import { batchMix, checkAlpha, checkMixOptions, type MixMode, type MixParams } from './batch-mix';

/** Options of {@link mixup}. */
export interface MixupOptions {
  /** Beta(α, α) concentration, > 0; default 1. */
  alpha?: number;
  /** Label smoothing ε in [0, 1] applied to the targets before mixing; default 0. */
  labelSmoothing?: number;
  /** Probability of mixing (per batch, pair or image, by mode); default 1. */
  p?: number;
  /** How λ is shared; default `'batch'`. */
  mode?: MixMode;
}

/**
 * mixup (Zhang et al. 2018) as timm does it: λ ~ Beta(α, α), image i becomes
 * λ·x_i + (1−λ)·x_{N−1−i} and its target λ·t_i + (1−λ)·t_{N−1−i} (after optional label
 * smoothing). Target rows still sum to 1. Output shapes equal the input's.
 */
export function mixup(options: MixupOptions = {}): Augmentation<MixParams> {
  const fn = 'mixup';
  const alpha = checkAlpha(fn, 'options.alpha', options.alpha ?? 1);
  const { mode, labelSmoothing, p } = checkMixOptions(fn, options);
  return batchMix(fn, mode, labelSmoothing, (rng) => {
    const apply = p >= 1 || rng.uniform() < p;
    return { lambda: apply ? rng.beta(alpha, alpha) : 1, cutmix: false, box: null };
  });
}
