import { assertNumberInRange, describeValue, type Rng, TricksError } from '@tftricks/core';

/** Indices of the two sides of a split, each ascending. */
export interface Split {
  train: number[];
  test: number[];
}

/** Groups sample indices by label, each group in ascending index order. */
export function indicesByClass(labels: ArrayLike<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0)
      throw new TricksError(
        'indicesByClass',
        `labels[${i}]`,
        'a non-negative integer label',
        describeValue(y),
      );
    let g = groups.get(y);
    if (!g) {
      g = [];
      groups.set(y, g);
    }
    g.push(i);
  }
  return groups;
}

/**
 * Splits indices so each class keeps its proportion on both sides (sklearn's
 * `train_test_split(stratify=labels)`). Per class, `round(testFraction · count)` samples go to
 * the test side, chosen with `rng`.
 *
 * @param labels N integer labels.
 * @param options.testFraction in (0, 1).
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  options: { testFraction: number; rng: Rng },
): Split {
  assertNumberInRange('stratifiedSplit', 'options.testFraction', options?.testFraction, 0, 1);
  if (options.testFraction === 0 || options.testFraction === 1) {
    throw new TricksError(
      'stratifiedSplit',
      'options.testFraction',
      'a fraction strictly inside (0, 1)',
      String(options.testFraction),
    );
  }
  if (labels.length === 0)
    throw new TricksError('stratifiedSplit', 'labels', 'at least one label', 'an empty array');
  const train: number[] = [];
  const test: number[] = [];
  const groups = [...indicesByClass(labels).entries()].sort((a, b) => a[0] - b[0]);
  for (const [, idx] of groups) {
    const perm = options.rng.permutation(idx.length);
    const nTest = Math.round(options.testFraction * idx.length);
    perm.forEach((p, i) => (i < nTest ? test : train).push(idx[p]!));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
