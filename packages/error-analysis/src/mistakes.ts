import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import {
  argmaxRow,
  type LabelsInput,
  maxOtherRow,
  type ProbsInput,
  readLabels,
  readProbs,
} from './prediction-input';

/** One sample's prediction against its label. */
export interface MistakeRecord {
  /** Row of the sample in `probs`. */
  index: number;
  /** The given label. */
  label: number;
  /** argmax of the probabilities (first max on ties). */
  predicted: number;
  /** Probability of the predicted class, in [0, 1]. */
  confidence: number;
  /** Cross-entropy of the given label, −log max(p_label, 1e-15), ≥ 0. */
  loss: number;
  /** p_label − max over other classes, in [−1, 1]; negative when misclassified. */
  margin: number;
}

/** Orders for {@link mistakes}; each puts the worst first. */
export const MISTAKE_SORTS = ['confidence', 'loss', 'margin'] as const;
export type MistakeSort = (typeof MISTAKE_SORTS)[number];

export interface MistakesOptions {
  /**
   * `'confidence'`: most confident predictions first (the article's recipe), `'loss'`: largest
   * loss first, `'margin'`: most negative margin first. Default `'confidence'`.
   */
  sortBy?: MistakeSort;
  /** Keep at most this many records (≥ 1); default all. */
  limit?: number;
  /** Also rank correctly classified samples (hard examples); default false: misclassified only. */
  includeCorrect?: boolean;
}

/** Builds the record of row `i`. */
export function mistakeRecord(data: Float32Array, k: number, i: number, label: number): MistakeRecord {
  const predicted = argmaxRow(data, i, k);
  const pl = data[i * k + label]!;
  return {
    index: i,
    label,
    predicted,
    confidence: data[i * k + predicted]!,
    loss: -Math.log(Math.max(pl, 1e-15)),
    margin: pl - maxOtherRow(data, i, k, label),
  };
}

function checkLimit(fn: string, limit: number | undefined): void {
  if (limit !== undefined) assertInteger(fn, 'options.limit', limit, 1);
}

/**
 * The misclassified samples (predicted ≠ label), worst first. The article's recipe —
 * misclassified validation samples sorted by predicted confidence — is
 * `await mistakes(probs, labels, { sortBy: 'confidence', limit: 32 })`.
 * Ties keep index order.
 *
 * @param probs [N, K] probabilities (rows sum to 1). Not disposed.
 * @param labels N integer labels in [0, K).
 */
export async function mistakes(
  probs: ProbsInput,
  labels: LabelsInput,
  options: MistakesOptions = {},
): Promise<MistakeRecord[]> {
  const fn = 'mistakes';
  const sortBy = options.sortBy ?? 'confidence';
  assertOneOf(fn, 'options.sortBy', sortBy, MISTAKE_SORTS);
  checkLimit(fn, options.limit);
  const p = await readProbs(fn, 'probs', probs);
  const y = await readLabels(fn, 'labels', labels, p.n, p.k);
  const records: MistakeRecord[] = [];
  for (let i = 0; i < p.n; i++) {
    const r = mistakeRecord(p.data, p.k, i, y[i]!);
    if (options.includeCorrect || r.predicted !== r.label) records.push(r);
  }
  const key: Record<MistakeSort, (r: MistakeRecord) => number> = {
    confidence: (r) => -r.confidence,
    loss: (r) => -r.loss,
    margin: (r) => r.margin,
  };
  const by = key[sortBy];
  records.sort((a, b) => by(a) - by(b) || a.index - b.index);
  return options.limit === undefined ? records : records.slice(0, options.limit);
}

/** A prediction without a label: what {@link lowestConfidence} returns. */
export interface ConfidenceRecord {
  index: number;
  predicted: number;
  /** Probability of the predicted class, in [1/K, 1]. */
  confidence: number;
  /** Top-1 minus top-2 probability, in [0, 1]. */
  margin: number;
}

/**
 * The least confident predictions first ("sort validation samples by confidence and look at
 * the least confident"); works on unlabeled data. Ties keep index order.
 *
 * @param probs [N, K] probabilities (rows sum to 1). Not disposed.
 * @param options.limit keep at most this many (≥ 1); default all.
 */
export async function lowestConfidence(
  probs: ProbsInput,
  options: { limit?: number } = {},
): Promise<ConfidenceRecord[]> {
  const fn = 'lowestConfidence';
  checkLimit(fn, options.limit);
  if (options === null || typeof options !== 'object')
    throw new TricksError(fn, 'options', 'an object', describeValue(options));
  const p = await readProbs(fn, 'probs', probs);
  const records: ConfidenceRecord[] = [];
  for (let i = 0; i < p.n; i++) {
    const predicted = argmaxRow(p.data, i, p.k);
    const confidence = p.data[i * p.k + predicted]!;
    records.push({
      index: i,
      predicted,
      confidence,
      margin: confidence - maxOtherRow(p.data, i, p.k, predicted),
    });
  }
  records.sort((a, b) => a.confidence - b.confidence || a.index - b.index);
  return options.limit === undefined ? records : records.slice(0, options.limit);
}
