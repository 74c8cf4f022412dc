import { assertOneOf } from '@tftricks/core';
import { computeConfidentJoint, keepAtLeastNPerClass } from './confident-joint';
import {
  argmaxRow,
  type LabelsInput,
  maxOtherRow,
  type ProbsInput,
  readLabels,
  readProbs,
} from './prediction-input';

/** The filters of cleanlab's `find_label_issues` (`filter_by`). */
export const LABEL_ISSUE_METHODS = [
  'prune_by_noise_rate',
  'prune_by_class',
  'both',
  'confident_learning',
  'predicted_neq_given',
  'low_normalized_margin',
  'low_self_confidence',
] as const;
export type LabelIssueMethod = (typeof LABEL_ISSUE_METHODS)[number];

/** Scores that rank issues, lowest (most suspicious) first. */
export const LABEL_ISSUE_RANKINGS = ['self_confidence', 'normalized_margin'] as const;
export type LabelIssueRanking = (typeof LABEL_ISSUE_RANKINGS)[number];

export interface FindLabelIssuesOptions {
  /**
   * Default `'prune_by_noise_rate'` (cleanlab's). It favours recall: on Fashion-MNIST with 5%
   * random label flips and a 91%-accurate CNN it found 92% of the flips at precision 0.60,
   * where `'low_self_confidence'` reached precision 0.82 at recall 0.94
   * (docs/benchmarks/label-issues.md). Prefer the latter when every flag costs a review.
   */
  method?: LabelIssueMethod;
  /** Default `'self_confidence'`. */
  rankBy?: LabelIssueRanking;
}

/** One suspected label error. */
export interface LabelIssue {
  index: number;
  /** The given (suspect) label. */
  label: number;
  /** The model's argmax, a likely correct label (equal to `label` only under the two low-score filters). */
  predicted: number;
  /** p(predicted | x), in [0, 1]. */
  confidence: number;
  /** p(given label | x), in [0, 1]. */
  selfConfidence: number;
  /** (p_label − max other p + 1) / 2, in [0, 1]. */
  normalizedMargin: number;
  /** The ranking score (one of the two above); lower is more suspicious. */
  score: number;
}

export interface LabelIssues {
  /** The issues, most suspicious first. */
  issues: LabelIssue[];
  /** Their indices in the same order. */
  indices: number[];
  /** N flags: 1 where the sample is an issue. */
  isIssue: Uint8Array;
  /** Calibrated confident joint, K×K `[given][estimated true]`; its off-diagonal mass / N estimates the noise rate. */
  confidentJoint: number[][];
  /** Per-class thresholds t_j (mean self-confidence of class j). */
  thresholds: number[];
}

/**
 * Finds likely label errors with confident learning (Northcutt, Jiang & Chuang 2021), following
 * cleanlab 2.x's `find_label_issues` formulas: per-class thresholds, the calibrated confident
 * joint, then one of the filters:
 * - `'prune_by_noise_rate'`: for each off-diagonal cell (given k, true j) of the confident
 *   joint, flag exactly that many samples labelled k with the largest margin p_j − p_k;
 * - `'prune_by_class'`: for each class k, flag exactly the (count_k − joint[k][k]) samples
 *   labelled k with the lowest p_k;
 * - `'both'`: flagged by both; `'confident_learning'`: off-diagonal samples of the joint;
 * - `'predicted_neq_given'`: argmax ≠ label;
 * - `'low_self_confidence'` / `'low_normalized_margin'`: the `num` samples with the lowest
 *   self-confidence p_label / normalized margin (p_label − max other p + 1) / 2 over the whole
 *   set, where `num` is what `'confident_learning'` flags (cleanlab's `num_label_issues`,
 *   `estimation_method='off_diagonal'`: the raw joint's off-diagonal samples whose argmax ≠
 *   label). No per-class minimum applies, and, as in cleanlab, these two may flag a sample
 *   whose argmax equals its label (a low but still winning p_label).
 * With the other methods a sample whose argmax equals its label is never flagged. Issues are
 * ranked by
 * self-confidence (default) or normalized margin, lowest first; ties keep index order (also
 * when choosing which of several tied samples fill a count, as cleanlab ≥ 2.1 flags exactly
 * the count).
 *
 * The probabilities MUST be out-of-sample — each predicted by a model that did not train on
 * that sample (k-fold cross-validation: see {@link crossValPredict}). In-sample probabilities
 * have memorised the noisy labels and hide the errors.
 *
 * @param probs [N, K] probabilities (rows sum to 1). Not disposed.
 * @param labels N given labels in [0, K).
 */
export async function findLabelIssues(
  probs: ProbsInput,
  labels: LabelsInput,
  options: FindLabelIssuesOptions = {},
): Promise<LabelIssues> {
  const fn = 'findLabelIssues';
  const method = options.method ?? 'prune_by_noise_rate';
  const rankBy = options.rankBy ?? 'self_confidence';
  assertOneOf(fn, 'options.method', method, LABEL_ISSUE_METHODS);
  assertOneOf(fn, 'options.rankBy', rankBy, LABEL_ISSUE_RANKINGS);
  const { data, n, k } = await readProbs(fn, 'probs', probs);
  const y = await readLabels(fn, 'labels', labels, n, k);
  const joint = computeConfidentJoint(data, y, k, true);
  const mask = new Uint8Array(n);
  const lowQuality = method === 'low_self_confidence' || method === 'low_normalized_margin';
  const labelCounts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) labelCounts[y[i]!]! += 1;
  const byLabel: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) byLabel[y[i]!]!.push(i);

  if (method === 'predicted_neq_given') {
    for (let i = 0; i < n; i++) if (argmaxRow(data, i, k) !== y[i]) mask[i] = 1;
  } else if (method === 'confident_learning') {
    for (const i of joint.offDiagonal) mask[i] = 1;
  } else if (lowQuality) {
    // cleanlab's num_label_issues ('off_diagonal'): the count 'confident_learning' flags.
    let num = 0;
    for (const i of joint.offDiagonal) if (argmaxRow(data, i, k) !== y[i]) num += 1;
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const self = data[i * k + y[i]!]!;
      // Same float64 expression as the ranking score below, so ties are the same ties.
      scores[i] = method === 'low_self_confidence' ? self : (self - maxOtherRow(data, i, k, y[i]!) + 1) / 2;
    }
    // np.argsort(scores)[:num], ties by index (a stable sort).
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
    for (const i of order.slice(0, num)) mask[i] = 1;
  } else {
    const minPerClass = 1;
    // [true][given], as cleanlab's prune_count_matrix.
    const transposed = joint.confidentJoint.map((_, r) => joint.confidentJoint.map((row) => row[r]!));
    const prune = keepAtLeastNPerClass(transposed, minPerClass);
    const byClass = new Uint8Array(n);
    const byNoise = new Uint8Array(n);
    for (let c = 0; c < k; c++) {
      const members = byLabel[c]!;
      if (labelCounts[c]! <= minPerClass) continue;
      if (method !== 'prune_by_noise_rate') {
        // Exactly `num` samples with the lowest p_c (cleanlab ≥ 2.1: np.argsort(...)[:num]);
        // ties broken by index, so tied probabilities never flag more or fewer than `num`.
        const num = Math.min(labelCounts[c]! - prune[c]![c]!, members.length);
        if (num >= 1) {
          const order = [...members].sort((a, b) => data[a * k + c]! - data[b * k + c]! || a - b);
          for (const i of order.slice(0, num)) byClass[i] = 1;
        }
      }
      if (method !== 'prune_by_class') {
        for (let j = 0; j < k; j++) {
          const num = Math.min(prune[j]![c]!, members.length);
          if (j === c || num <= 0) continue;
          // Exactly `num` samples labelled c with the largest margin p_j − p_c (cleanlab ≥ 2.1:
          // np.argsort(-margin)[:num]); ties broken by index. Saturated float32 probabilities
          // tie often (p_j = 1, p_c ≈ 0), and a "≥ the num-th margin" cut flagged all of them.
          const margin = (i: number) => data[i * k + j]! - data[i * k + c]!;
          const order = [...members].sort((a, b) => margin(b) - margin(a) || a - b);
          for (const i of order.slice(0, num)) byNoise[i] = 1;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      mask[i] =
        method === 'prune_by_class'
          ? byClass[i]!
          : method === 'both'
            ? byClass[i]! & byNoise[i]!
            : byNoise[i]!;
    }
  }
  const issues: LabelIssue[] = [];
  for (let i = 0; i < n; i++) {
    const predicted = argmaxRow(data, i, k);
    // cleanlab: an example the model agrees with is never an issue — except for the two
    // low-score filters, whose count is fixed beforehand (find_label_issues skips this step).
    if (predicted === y[i] && !lowQuality) mask[i] = 0;
    if (!mask[i]) continue;
    const selfConfidence = data[i * k + y[i]!]!;
    const normalizedMargin = (selfConfidence - maxOtherRow(data, i, k, y[i]!) + 1) / 2;
    const score = rankBy === 'self_confidence' ? selfConfidence : normalizedMargin;
    issues.push({
      index: i,
      label: y[i]!,
      predicted,
      confidence: data[i * k + predicted]!,
      selfConfidence,
      normalizedMargin,
      score,
    });
  }
  issues.sort((a, b) => a.score - b.score || a.index - b.index);
  return {
    issues,
    indices: issues.map((r) => r.index),
    isIssue: mask,
    confidentJoint: joint.confidentJoint,
    thresholds: joint.thresholds,
  };
}
