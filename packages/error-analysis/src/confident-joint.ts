import { argmaxRow } from './prediction-input';

/**
 * Per-class confidence thresholds of confident learning: t_j = mean of p(j | x) over the
 * samples whose given label is j. A class with no samples gets +Infinity (never confident;
 * cleanlab's NaN behaves the same).
 */
export function confidentThresholds(data: Float32Array, labels: Int32Array, k: number): number[] {
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    sum[y]! += data[i * k + y]!;
    count[y]! += 1;
  }
  return Array.from(sum, (s, j) => (count[j]! > 0 ? s / count[j]! : Number.POSITIVE_INFINITY));
}

/** numpy's `np.round`: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * cleanlab's `round_preserving_sum`: rounds a row to integers whose sum is the rounded sum
 * of the row, nudging the entries with the largest rounding loss (its exact procedure).
 */
export function roundPreservingSum(row: readonly number[]): number[] {
  const ints = row.map(roundHalfEven);
  const origSum = roundHalfEven(row.reduce((s, v) => s + v, 0));
  let intSum = ints.reduce((s, v) => s + v, 0);
  while (Math.abs(intSum - origSum) > 1e-6) {
    const diff = roundHalfEven(origSum - intSum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), row.length);
    // np.argsort(floats - ints)[::-1]: a stable ascending sort for K ≤ 16, reversed.
    const order = row.map((_, i) => i).sort((a, b) => row[a]! - ints[a]! - (row[b]! - ints[b]!) || a - b);
    order.reverse();
    for (const i of order.slice(0, changes)) ints[i]! += increment;
    intSum = ints.reduce((s, v) => s + v, 0);
  }
  return ints;
}

/** The confident joint, and which samples fell off its diagonal. */
export interface ConfidentJointResult {
  /** K×K counts `[given label][estimated true label]` (cleanlab's orientation). */
  confidentJoint: number[][];
  /** Per-class thresholds t_j. */
  thresholds: number[];
  /** Samples with at least one confident class whose estimated true label ≠ given label, ascending. */
  offDiagonal: number[];
}

/**
 * cleanlab's `compute_confident_joint` (Northcutt et al. 2021, eq. 1): a sample counts towards
 * `[given][j]` when p(j | x) ≥ t_j − 1e-6 for some j (with several such j, the argmax of the
 * row). The diagonal is raised to ≥ 1, then, when `calibrate`, each row is rescaled to the given
 * label's count and the whole to N, and rounded preserving row totals.
 */
export function computeConfidentJoint(
  data: Float32Array,
  labels: Int32Array,
  k: number,
  calibrate = true,
): ConfidentJointResult {
  const thresholds = confidentThresholds(data, labels, k);
  const cj = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const offDiagonal: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    let numConfident = 0;
    let firstConfident = -1;
    for (let j = 0; j < k; j++) {
      if (data[i * k + j]! >= thresholds[j]! - 1e-6) {
        numConfident += 1;
        if (firstConfident < 0) firstConfident = j;
      }
    }
    if (numConfident === 0) continue;
    const guess = numConfident > 1 ? argmaxRow(data, i, k) : firstConfident;
    cj[labels[i]!]![guess]! += 1;
    if (guess !== labels[i]) offDiagonal.push(i);
  }
  for (let j = 0; j < k; j++) cj[j]![j] = Math.max(cj[j]![j]!, 1);
  if (!calibrate) return { confidentJoint: cj, thresholds, offDiagonal };
  const labelCounts = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) labelCounts[labels[i]!]! += 1;
  const scaled = cj.map((row, j) => {
    const rowSum = Math.max(
      row.reduce((s, v) => s + v, 0),
      1e-30,
    );
    return row.map((v) => (v / rowSum) * labelCounts[j]!);
  });
  const total = Math.max(
    scaled.reduce((s, row) => s + row.reduce((a, v) => a + v, 0), 0),
    1e-30,
  );
  const n = labelCounts.reduce((s, v) => s + v, 0);
  const calibrated = scaled.map((row) => roundPreservingSum(row.map((v) => (v / total) * n)));
  return { confidentJoint: calibrated, thresholds, offDiagonal };
}

/**
 * cleanlab's `_keep_at_least_n_per_class` (with `frac_noise` 1) on the prune-count matrix
 * `[true][given]` (the transposed confident joint): diagonal ≥ n, the increase taken evenly
 * from the column's non-zero noise entries, then truncated to integers (cleanlab's
 * `_reduce_prune_counts` casts with `astype(int)`).
 */
export function keepAtLeastNPerClass(pruneCounts: readonly (readonly number[])[], n: number): number[][] {
  const k = pruneCounts.length;
  const diag = pruneCounts.map((row, j) => row[j]!);
  const newDiag = diag.map((d) => Math.max(d, n));
  const perCol = new Array<number>(k).fill(0);
  for (let c = 0; c < k; c++) {
    let nonzero = 0;
    for (let r = 0; r < k; r++) if (pruneCounts[r]![c] !== 0) nonzero += 1;
    perCol[c] = Math.max(nonzero - 1, 1);
  }
  const mat = pruneCounts.map((row, r) =>
    row.map((v, c) => (r === c ? newDiag[c]! : Math.max(0, v - (newDiag[c]! - diag[c]!) / perCol[c]!))),
  );
  // cleanlab's _reduce_prune_counts ends in `.astype(int)`: the fractional counts left by the
  // even split are truncated (not rounded) before round_preserving_row_totals, which then has
  // nothing to round.
  return mat.map((row) => roundPreservingSum(row.map(Math.trunc)));
}
