import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import { assertDataset, type ImageDataset, makeBatch } from '@tftricks/data';

/** Maps a batch of images to logits [B, K] (a model's `predict`, a closure, an ensemble…). */
export type Predictor = (images: tf.Tensor4D) => tf.Tensor2D;

export interface PseudoLabelOptions {
  /** Keep a sample when its top probability is ≥ this; in [0, 1]. Default 0.95. */
  threshold?: number;
  /** Per-class thresholds (length K) that override `threshold` for the predicted class. */
  perClassThreshold?: readonly number[];
  /** Keep at most this many samples per predicted class (the most confident ones). */
  maxPerClass?: number;
  /**
   * Counter majority-class bias: keep the same number of samples for every class that has
   * any — the count of the rarest kept class (most confident first). Default false.
   */
  balance?: boolean;
  /** Soft targets: the sharpened distribution instead of one-hot rows. Default false. */
  soft?: boolean;
  /** Sharpening temperature for soft targets, p^(1/T) renormalised (MixMatch); default 0.5. */
  temperature?: number;
  /** Images per forward pass; default 256. */
  batchSize?: number;
}

/** The selected pseudo-labels. Arrays are parallel, ordered by dataset index. */
export interface PseudoLabels {
  /** Indices into the unlabeled dataset of the kept samples. */
  indices: number[];
  /** Predicted class of each kept sample. */
  labels: Int32Array;
  /** Targets rows [M·K] (one-hot, or sharpened when `soft`). */
  targets: Float32Array;
  /** Top probability of each kept sample. */
  confidence: Float32Array;
  /** Kept samples per class, length K. */
  perClassCounts: number[];
  /** Kept fraction of the unlabeled set, in [0, 1]. */
  coverage: number;
  numClasses: number;
}

/** Softmax probabilities of a predictor over a whole dataset, batch by batch (CPU [N·K]). */
export function predictProbabilities(
  predict: Predictor,
  dataset: ImageDataset,
  batchSize = 256,
): { probs: Float32Array; k: number } {
  const n = dataset.labels.length;
  let probs: Float32Array | null = null;
  let k = 0;
  for (let start = 0; start < n; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const batch = makeBatch(dataset, idx);
    const p = tf.tidy(() => tf.softmax(predict(batch.images)));
    tf.dispose([batch.images, batch.targets]);
    if (!probs) {
      k = p.shape[1]!;
      probs = new Float32Array(n * k);
    }
    probs.set(p.dataSync(), start * k);
    p.dispose();
  }
  return { probs: probs!, k };
}

/**
 * Confidence-filtered pseudo-labelling (Lee 2013; the article's "use only what the model is
 * sure of"): predicts the unlabeled set, keeps the samples whose top probability clears the
 * (per-class) threshold, optionally caps or balances the classes, and returns hard or
 * sharpened soft targets for them.
 *
 * @param predict images → logits.
 * @param unlabeled images to label (their `labels` are ignored).
 */
export function pseudoLabel(
  predict: Predictor,
  unlabeled: ImageDataset,
  options: PseudoLabelOptions = {},
): PseudoLabels {
  const fn = 'pseudoLabel';
  if (typeof predict !== 'function')
    throw new TricksError(fn, 'predict', 'a function images → logits', describeValue(predict));
  assertDataset(fn, 'unlabeled', unlabeled);
  if (unlabeled.labels.length === 0)
    throw new TricksError(fn, 'unlabeled', 'at least one image', 'an empty dataset');
  const threshold = options.threshold ?? 0.95;
  assertNumberInRange(fn, 'options.threshold', threshold, 0, 1);
  const T = options.temperature ?? 0.5;
  assertNumberInRange(fn, 'options.temperature', T, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  if (options.maxPerClass !== undefined) assertInteger(fn, 'options.maxPerClass', options.maxPerClass, 0);
  const { probs, k } = predictProbabilities(predict, unlabeled, options.batchSize ?? 256);
  return selectPseudoLabels(probs, k, options);
}

/**
 * The selection step of {@link pseudoLabel} on probabilities already on the CPU ([N·K]
 * row-major), e.g. from an ensemble or test-time augmentation.
 */
export function selectPseudoLabels(
  probs: Float32Array,
  k: number,
  options: PseudoLabelOptions = {},
): PseudoLabels {
  const fn = 'selectPseudoLabels';
  assertInteger(fn, 'k', k, 1);
  if (probs.length % k !== 0)
    throw new TricksError(fn, 'probs', `a multiple of k = ${k} values`, `${probs.length}`);
  const n = probs.length / k;
  const threshold = options.threshold ?? 0.95;
  assertNumberInRange(fn, 'options.threshold', threshold, 0, 1);
  const per = options.perClassThreshold;
  if (per !== undefined) {
    if (per.length !== k)
      throw new TricksError(
        fn,
        'options.perClassThreshold',
        `${k} thresholds (one per class)`,
        `${per.length}`,
      );
    per.forEach((t, c) => assertNumberInRange(fn, `options.perClassThreshold[${c}]`, t, 0, 1));
  }
  const T = options.temperature ?? 0.5;
  // Candidates per predicted class, most confident first.
  const byClass: { i: number; conf: number }[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    let arg = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + arg]!) arg = c;
    const conf = probs[i * k + arg]!;
    if (conf >= (per?.[arg] ?? threshold)) byClass[arg]!.push({ i, conf });
  }
  for (const list of byClass) list.sort((a, b) => b.conf - a.conf || a.i - b.i);
  let cap = options.maxPerClass ?? Number.POSITIVE_INFINITY;
  if (options.balance) {
    const nonEmpty = byClass.filter((l) => l.length > 0).map((l) => l.length);
    if (nonEmpty.length > 0) cap = Math.min(cap, ...nonEmpty);
  }
  const kept = byClass
    .flatMap((list) => list.slice(0, Number.isFinite(cap) ? cap : list.length))
    .sort((a, b) => a.i - b.i);
  const m = kept.length;
  const labels = new Int32Array(m);
  const confidence = new Float32Array(m);
  const targets = new Float32Array(m * k);
  const perClassCounts = new Array<number>(k).fill(0);
  kept.forEach(({ i, conf }, j) => {
    let arg = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + arg]!) arg = c;
    labels[j] = arg;
    confidence[j] = conf;
    perClassCounts[arg]!++;
    if (options.soft) {
      let z = 0;
      for (let c = 0; c < k; c++) z += probs[i * k + c]! ** (1 / T);
      for (let c = 0; c < k; c++) targets[j * k + c] = probs[i * k + c]! ** (1 / T) / z;
    } else targets[j * k + arg] = 1;
  });
  return {
    indices: kept.map((e) => e.i),
    labels,
    targets,
    confidence,
    perClassCounts,
    coverage: n === 0 ? 0 : m / n,
    numClasses: k,
  };
}
