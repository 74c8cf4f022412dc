/** What {@link symmetricEigen} returns. */
export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: number[];
  /**
   * Unit eigenvectors, `vectors[j]` for `values[j]`. The sign of each is fixed: its entry of
   * largest magnitude is positive (the first such entry on a tie), so results are reproducible.
   */
  vectors: number[][];
}

/**
 * Eigen-decomposition of a symmetric d×d matrix (row-major, float64) by cyclic Jacobi
 * rotations: slow for large d (O(d³) per sweep) but exact to float64 rounding and simple,
 * which suits the d ≤ a few hundred of patch covariances. Only the upper triangle is read.
 */
export function symmetricEigen(matrix: ArrayLike<number>, d: number): SymmetricEigen {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      a[i * d + j] = matrix[i * d + j]!;
      a[j * d + i] = matrix[i * d + j]!;
    }
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let sweep = 0; sweep < 100 && scale > 0; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off = Math.max(off, Math.abs(a[p * d + q]!));
    if (off <= 1e-15 * scale) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1 / symSchur2).
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j]! - a[i * d + i]!);
  const values = order.map((i) => a[i * d + i]!);
  const vectors = order.map((j) => {
    const col = Array.from({ length: d }, (_, k) => v[k * d + j]!);
    let big = 0;
    for (let k = 1; k < d; k++) if (Math.abs(col[k]!) > Math.abs(col[big]!)) big = k;
    return col[big]! < 0 ? col.map((x) => -x) : col;
  });
  return { values, vectors };
}
