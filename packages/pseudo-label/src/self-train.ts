import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import { assertDataset, type ImageDataset } from '@tftricks/data';
import {
  type Predictor,
  type PseudoLabelOptions,
  predictProbabilities,
  selectPseudoLabels,
} from './pseudo-label';
import type { TargetedDataset } from './target-batches';

/** What one self-training round did. */
export interface SelfTrainRound {
  round: number;
  /** Pseudo-labelled samples added to the labeled set. */
  kept: number;
  coverage: number;
  perClassCounts: number[];
  /** Fraction of pseudo-labels equal to the true label (only with `knownLabels`), else null. */
  pseudoAccuracy: number | null;
}

export interface SelfTrainOptions<S> extends PseudoLabelOptions {
  /** The initial teacher (e.g. a model trained on the labeled set only). */
  teacher: Predictor;
  labeled: ImageDataset;
  unlabeled: ImageDataset;
  /** Teacher → pseudo-labels → student rounds, ≥ 1. */
  rounds: number;
  /** A fresh student for each round (Noisy Student uses an equal-or-larger model). */
  makeStudent: (round: number) => S;
  /**
   * Trains `student` on the labeled rows (one-hot) plus the pseudo-labelled rows, adding the
   * noise of Noisy Student (augmentation, dropout) — your training loop — and returns how to
   * predict with it. Iterate the set with `targetBatches`.
   */
  train: (student: S, set: TargetedDataset, round: number) => Promise<Predictor> | Predictor;
  /** The unlabeled set's labels are true labels (a benchmark): report pseudo-label accuracy. */
  knownLabels?: boolean;
  onRound?: (report: SelfTrainRound) => void;
}

/** Concatenates labeled (one-hot rows) and pseudo-labelled samples into one targeted set. */
export function mergeWithPseudoLabels(
  labeled: ImageDataset,
  unlabeled: ImageDataset,
  pseudo: ReturnType<typeof selectPseudoLabels>,
): TargetedDataset {
  const [h, w, c] = labeled.imageShape;
  const size = h * w * c;
  const k = labeled.numClasses;
  const nL = labeled.labels.length;
  const m = pseudo.indices.length;
  const Pixels =
    labeled.pixels instanceof Uint8Array && unlabeled.pixels instanceof Uint8Array
      ? Uint8Array
      : Float32Array;
  const pixels = new Pixels((nL + m) * size);
  const scale = labeled.pixels instanceof Uint8Array && Pixels === Float32Array ? 1 / 255 : 1;
  const uScale = unlabeled.pixels instanceof Uint8Array && Pixels === Float32Array ? 1 / 255 : 1;
  for (let i = 0; i < nL * size; i++) pixels[i] = labeled.pixels[i]! * scale;
  const labels = new Int32Array(nL + m);
  labels.set(labeled.labels);
  const targets = new Float32Array((nL + m) * k);
  for (let i = 0; i < nL; i++) targets[i * k + labeled.labels[i]!] = 1;
  pseudo.indices.forEach((j, r) => {
    const src = unlabeled.pixels.subarray(j * size, (j + 1) * size);
    for (let q = 0; q < size; q++) pixels[(nL + r) * size + q] = src[q]! * uScale;
    labels[nL + r] = pseudo.labels[r]!;
    targets.set(pseudo.targets.subarray(r * k, (r + 1) * k), (nL + r) * k);
  });
  return { dataset: { ...labeled, pixels, labels }, targets };
}

/**
 * Self-training / Noisy Student (Xie et al. 2020): each round the teacher pseudo-labels the
 * unlabeled set (confidence-filtered, optionally balanced), a fresh student is trained on the
 * labeled + pseudo-labelled data with noise, and the student becomes the next teacher.
 *
 * @returns the last student's predictor and a report per round.
 */
export async function selfTrain<S>(
  options: SelfTrainOptions<S>,
): Promise<{ teacher: Predictor; rounds: SelfTrainRound[] }> {
  const fn = 'selfTrain';
  if (typeof options?.teacher !== 'function')
    throw new TricksError(
      fn,
      'options.teacher',
      'a function images → logits',
      describeValue(options?.teacher),
    );
  assertDataset(fn, 'options.labeled', options.labeled);
  assertDataset(fn, 'options.unlabeled', options.unlabeled);
  assertInteger(fn, 'options.rounds', options.rounds, 1);
  if (options.labeled.numClasses !== options.unlabeled.numClasses) {
    throw new TricksError(
      fn,
      'options.unlabeled',
      `${options.labeled.numClasses} classes (as labeled)`,
      `${options.unlabeled.numClasses}`,
    );
  }
  let teacher = options.teacher;
  const rounds: SelfTrainRound[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const { probs, k } = predictProbabilities(teacher, options.unlabeled, options.batchSize ?? 256);
    const pseudo = selectPseudoLabels(probs, k, options);
    let pseudoAccuracy: number | null = null;
    if (options.knownLabels) {
      let right = 0;
      pseudo.indices.forEach((j, r) => {
        if (options.unlabeled.labels[j] === pseudo.labels[r]) right++;
      });
      pseudoAccuracy = pseudo.indices.length ? right / pseudo.indices.length : 0;
    }
    const set = mergeWithPseudoLabels(options.labeled, options.unlabeled, pseudo);
    const student = options.makeStudent(round);
    teacher = await options.train(student, set, round);
    const report: SelfTrainRound = {
      round,
      kept: pseudo.indices.length,
      coverage: pseudo.coverage,
      perClassCounts: pseudo.perClassCounts,
      pseudoAccuracy,
    };
    rounds.push(report);
    options.onRound?.(report);
  }
  return { teacher, rounds };
}
