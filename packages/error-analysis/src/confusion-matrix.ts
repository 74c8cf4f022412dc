/**
 * Confusion matrix as sklearn's `confusion_matrix`: `m[i][j]` counts samples whose true
 * label is `i` and whose predicted label is `j`. Labels and predictions are integers in [0, k).
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  k: number,
): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predicted[i]!]! += 1;
  return m;
}

/** Precision, recall and F1 of one class (or an average of them). */
export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

/** Per-class metrics: precision/recall/F1 in [0, 1] and `support` (true count of the class). */
export interface ClassMetrics extends PrecisionRecallF1 {
  className: string;
  support: number;
}

/**
 * Per-class precision, recall, F1 and support from a confusion matrix, plus macro (unweighted
 * mean over classes) and weighted (by support) averages, as sklearn's
 * `classification_report`. A 0/0 ratio counts as 0 (sklearn's `zero_division=0`).
 */
export function classMetrics(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): { perClass: ClassMetrics[]; macro: PrecisionRecallF1; weighted: PrecisionRecallF1 } {
  const k = matrix.length;
  const perClass: ClassMetrics[] = [];
  for (let c = 0; c < k; c++) {
    const tp = matrix[c]![c]!;
    let support = 0;
    let predictedCount = 0;
    for (let j = 0; j < k; j++) {
      support += matrix[c]![j]!;
      predictedCount += matrix[j]![c]!;
    }
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ className: classNames[c]!, precision, recall, f1, support });
  }
  const total = perClass.reduce((s, m) => s + m.support, 0);
  const avg = (key: keyof PrecisionRecallF1, weighted: boolean): number =>
    weighted
      ? total > 0
        ? perClass.reduce((s, m) => s + m[key] * m.support, 0) / total
        : 0
      : perClass.reduce((s, m) => s + m[key], 0) / k;
  return {
    perClass,
    macro: { precision: avg('precision', false), recall: avg('recall', false), f1: avg('f1', false) },
    weighted: { precision: avg('precision', true), recall: avg('recall', true), f1: avg('f1', true) },
  };
}
