import { assertInteger, describeValue, type Rng, TricksError } from '@tftricks/core';
import { indicesByClass } from './stratified-split';

/** One fold: indices to train on and to validate on, each ascending. */
export interface Fold {
  train: number[];
  validation: number[];
}

export interface KFoldOptions {
  /** Keep class proportions in every fold (sklearn's StratifiedKFold); needs labels. */
  stratified?: boolean;
  /** Shuffle before splitting (needs `rng`). Default true when `rng` is given. */
  shuffle?: boolean;
  rng?: Rng;
}

/**
 * K-fold cross-validation indices. Every sample is in exactly one validation fold; fold sizes
 * differ by at most one (per class when stratified, as sklearn's StratifiedKFold).
 *
 * @param nOrLabels the sample count, or the N labels (required for `stratified`).
 * @param k number of folds, 2 ≤ k ≤ N.
 */
export function kFold(nOrLabels: number | ArrayLike<number>, k: number, options: KFoldOptions = {}): Fold[] {
  const n = typeof nOrLabels === 'number' ? nOrLabels : nOrLabels.length;
  assertInteger('kFold', 'n', n, 1);
  assertInteger('kFold', 'k', k, 2);
  if (k > n) throw new TricksError('kFold', 'k', `at most the number of samples (${n})`, String(k));
  const shuffle = options.shuffle ?? options.rng !== undefined;
  if (shuffle && !options.rng)
    throw new TricksError('kFold', 'options.rng', 'an Rng when shuffle is true', 'undefined');
  const foldOf = new Int32Array(n);
  if (options.stratified) {
    if (typeof nOrLabels === 'number')
      throw new TricksError('kFold', 'nOrLabels', 'labels when stratified is true', describeValue(nOrLabels));
    // Deal each class round-robin over the folds, continuing where the last class stopped, so
    // fold sizes stay within one of each other overall as well as per class.
    let next = 0;
    const groups = [...indicesByClass(nOrLabels).entries()].sort((a, b) => a[0] - b[0]);
    for (const [, idx] of groups) {
      const order = shuffle ? options.rng!.permutation(idx.length).map((p) => idx[p]!) : idx;
      for (const i of order) {
        foldOf[i] = next;
        next = (next + 1) % k;
      }
    }
  } else {
    const order = shuffle ? options.rng!.permutation(n) : Array.from({ length: n }, (_, i) => i);
    // sklearn KFold: the first n % k folds get one extra sample.
    let start = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let i = start; i < start + size; i++) foldOf[order[i]!] = f;
      start += size;
    }
  }
  const folds: Fold[] = Array.from({ length: k }, () => ({ train: [], validation: [] }));
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < k; f++) (f === foldOf[i] ? folds[f]!.validation : folds[f]!.train).push(i);
  }
  return folds;
}
