import { assertInteger } from '@tftricks/core';
import { argmaxRow, type LabelsInput, type ProbsInput, readLabels, readProbs } from './prediction-input';

/**
 * One equal-width confidence bin of a reliability diagram: samples whose top-1 confidence lies
 * in (lo, hi] (the first bin also holds confidence 0). `accuracy` and `confidence` are the
 * bin's means (0 for an empty bin).
 */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  accuracy: number;
  confidence: number;
}

/** Calibration summary: ECE and MCE in [0, 1] and the bins they were computed from. */
export interface Calibration {
  /** Expected calibration error: Σ_b (n_b / N) · |accuracy_b − confidence_b|. */
  ece: number;
  /** Maximum calibration error: max over non-empty bins of |accuracy_b − confidence_b|. */
  mce: number;
  bins: ReliabilityBin[];
}

/** The bin of a confidence in [0, 1] among `numBins` equal-width bins (lo, hi]. */
export function binIndex(confidence: number, numBins: number): number {
  // (lo, hi] bins as in Guo et al. 2017; confidence 0 falls into bin 0.
  return Math.min(numBins - 1, Math.max(0, Math.ceil(confidence * numBins) - 1));
}

/**
 * ECE, MCE and reliability bins from per-bin sums: `count[b]`, `sumConfidence[b]` and
 * `sumCorrect[b]` (how many of the bin's samples were predicted right).
 */
export function calibrationFromBins(
  count: ArrayLike<number>,
  sumConfidence: ArrayLike<number>,
  sumCorrect: ArrayLike<number>,
): Calibration {
  const numBins = count.length;
  let total = 0;
  for (let b = 0; b < numBins; b++) total += count[b]!;
  let ece = 0;
  let mce = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < numBins; b++) {
    const c = count[b]!;
    const accuracy = c > 0 ? sumCorrect[b]! / c : 0;
    const confidence = c > 0 ? sumConfidence[b]! / c : 0;
    bins.push({ lo: b / numBins, hi: (b + 1) / numBins, count: c, accuracy, confidence });
    if (c > 0) {
      const gap = Math.abs(accuracy - confidence);
      ece += (c / total) * gap;
      mce = Math.max(mce, gap);
    }
  }
  return { ece, mce, bins };
}

/**
 * Expected and maximum calibration error of top-1 predictions with `numBins` equal-width bins.
 *
 * @param probs [N, K] probabilities (rows sum to 1).
 * @param labels N integer labels in [0, K).
 * @param options.numBins number of bins, ≥ 1 (default 15).
 */
export async function expectedCalibrationError(
  probs: ProbsInput,
  labels: LabelsInput,
  options: { numBins?: number } = {},
): Promise<Calibration> {
  const fn = 'expectedCalibrationError';
  const numBins = options.numBins ?? 15;
  assertInteger(fn, 'options.numBins', numBins, 1);
  const p = await readProbs(fn, 'probs', probs);
  const y = await readLabels(fn, 'labels', labels, p.n, p.k);
  const count = new Float64Array(numBins);
  const sumConfidence = new Float64Array(numBins);
  const sumCorrect = new Float64Array(numBins);
  for (let i = 0; i < p.n; i++) {
    const pred = argmaxRow(p.data, i, p.k);
    const conf = p.data[i * p.k + pred]!;
    const b = binIndex(conf, numBins);
    count[b]! += 1;
    sumConfidence[b]! += conf;
    if (pred === y[i]) sumCorrect[b]! += 1;
  }
  return calibrationFromBins(count, sumConfidence, sumCorrect);
}
