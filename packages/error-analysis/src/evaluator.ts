import { assertInteger, describeValue, TricksError } from '@tftricks/core';
import { type ClassMetrics, classMetrics, type PrecisionRecallF1 } from './confusion-matrix';
import { binIndex, calibrationFromBins, type ReliabilityBin } from './expected-calibration-error';
import {
  argmaxRow,
  checkClassNames,
  type LabelsInput,
  type ProbsInput,
  readLabels,
  readProbs,
} from './prediction-input';

/** Options of {@link evaluate} and {@link Evaluator}. */
export interface EvaluateOptions {
  /** K class names, used in `perClass`; default `'0'…'K-1'`. */
  classNames?: readonly string[];
  /** k values for top-k accuracy, each in [1, K]; default `[5]` when K > 5, else `[]`. */
  topK?: readonly number[];
  /** Equal-width reliability bins for ECE/MCE, ≥ 1; default 15. */
  numBins?: number;
  /** Probabilities below this count as it in the NLL, so one zero does not make it infinite; default 1e-15 (sklearn's `log_loss`). */
  epsilon?: number;
}

/** What {@link evaluate} measures. Rates are in [0, 1]. */
export interface Evaluation {
  /** Samples seen. */
  n: number;
  numClasses: number;
  classNames: string[];
  /** Top-1 accuracy: argmax (first max on ties) equals the label. */
  accuracy: number;
  /** Top-k accuracy per requested k: fewer than k classes have a strictly larger probability than the label's. */
  topK: { k: number; accuracy: number }[];
  perClass: ClassMetrics[];
  /** Unweighted mean over classes. */
  macro: PrecisionRecallF1;
  /** Mean over classes weighted by support. */
  weighted: PrecisionRecallF1;
  /** K×K counts, `[true][predicted]` (sklearn's `confusion_matrix`). */
  confusionMatrix: number[][];
  /** Mean negative log-likelihood of the label, −mean log max(p_label, ε), nats. */
  nll: number;
  /** Multi-class Brier score: mean over samples of Σ_k (p_k − y_k)², in [0, 2]. */
  brier: number;
  /** Expected calibration error of the top-1 confidence. */
  ece: number;
  /** Maximum calibration error over non-empty bins. */
  mce: number;
  /** The equal-width bins of the reliability diagram. */
  reliability: ReliabilityBin[];
}

/**
 * Streams metrics over batches: `await ev.add(probs, labels)` per batch (tensors are only read,
 * never kept or disposed), then `ev.result()`. Memory is O(K² + bins), whatever N.
 */
export class Evaluator {
  private readonly options: EvaluateOptions;
  private k = 0;
  private n = 0;
  private correct = 0;
  private nllSum = 0;
  private brierSum = 0;
  private topKs: number[] = [];
  private topKCorrect: number[] = [];
  private matrix: number[][] = [];
  private binCount: Float64Array;
  private binConfidence: Float64Array;
  private binCorrect: Float64Array;
  private readonly numBins: number;
  private readonly epsilon: number;

  private readonly fn: string;

  /** `fn` is the name errors report (`evaluate` passes its own). */
  constructor(options: EvaluateOptions = {}, fn = 'Evaluator') {
    this.options = options;
    this.fn = fn;
    this.numBins = options.numBins ?? 15;
    assertInteger(fn, 'options.numBins', this.numBins, 1);
    this.epsilon = options.epsilon ?? 1e-15;
    if (!(this.epsilon > 0 && this.epsilon < 1)) {
      throw new TricksError(fn, 'options.epsilon', 'a number in (0, 1)', describeValue(this.epsilon));
    }
    this.binCount = new Float64Array(this.numBins);
    this.binConfidence = new Float64Array(this.numBins);
    this.binCorrect = new Float64Array(this.numBins);
  }

  /** Number of samples added so far. */
  get count(): number {
    return this.n;
  }

  private init(k: number): void {
    // Validate everything before committing to K, so a refused first batch leaves the
    // Evaluator as if it had never been called.
    checkClassNames(this.fn, this.options.classNames, k);
    const topKs = [...(this.options.topK ?? (k > 5 ? [5] : []))];
    for (const t of topKs) {
      if (!Number.isInteger(t) || t < 1 || t > k)
        throw new TricksError(this.fn, 'options.topK', `integers in [1, ${k}]`, describeValue(t));
    }
    this.k = k;
    this.topKs = topKs;
    this.topKCorrect = this.topKs.map(() => 0);
    this.matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  }

  /**
   * Adds one batch. `probs` [B, K] (rows sum to 1), `labels` B integers in [0, K). K must match
   * earlier batches. Throws a TricksError for bad input, before changing any running sum.
   */
  async add(probs: ProbsInput, labels: LabelsInput): Promise<void> {
    const fn = this.fn === 'Evaluator' ? 'Evaluator.add' : this.fn;
    const p = await readProbs(fn, 'probs', probs);
    if (this.k !== 0 && p.k !== this.k) {
      throw new TricksError(fn, 'probs', `${this.k} columns (as in earlier batches)`, `${p.k} columns`);
    }
    const y = await readLabels(fn, 'labels', labels, p.n, p.k);
    if (this.k === 0) this.init(p.k);
    const { data, k } = p;
    for (let i = 0; i < p.n; i++) {
      const label = y[i]!;
      const pred = argmaxRow(data, i, k);
      const conf = data[i * k + pred]!;
      const pl = data[i * k + label]!;
      this.matrix[label]![pred]! += 1;
      if (pred === label) this.correct += 1;
      this.nllSum -= Math.log(Math.max(pl, this.epsilon));
      let brier = 0;
      let above = 0;
      for (let j = 0; j < k; j++) {
        const v = data[i * k + j]!;
        brier += j === label ? (v - 1) * (v - 1) : v * v;
        if (v > pl) above += 1;
      }
      this.brierSum += brier;
      for (let t = 0; t < this.topKs.length; t++) if (above < this.topKs[t]!) this.topKCorrect[t]! += 1;
      const b = binIndex(conf, this.numBins);
      this.binCount[b]! += 1;
      this.binConfidence[b]! += conf;
      if (pred === label) this.binCorrect[b]! += 1;
    }
    this.n += p.n;
  }

  /** The metrics over every sample added. Throws a TricksError when nothing was added. */
  result(): Evaluation {
    if (this.n === 0)
      throw new TricksError(
        this.fn === 'Evaluator' ? 'Evaluator.result' : this.fn,
        'probs',
        'at least one sample added',
        'no samples',
      );
    const classNames = checkClassNames(this.fn, this.options.classNames, this.k);
    const { perClass, macro, weighted } = classMetrics(this.matrix, classNames);
    const cal = calibrationFromBins(this.binCount, this.binConfidence, this.binCorrect);
    return {
      n: this.n,
      numClasses: this.k,
      classNames,
      accuracy: this.correct / this.n,
      topK: this.topKs.map((k, t) => ({ k, accuracy: this.topKCorrect[t]! / this.n })),
      perClass,
      macro,
      weighted,
      confusionMatrix: this.matrix.map((row) => [...row]),
      nll: this.nllSum / this.n,
      brier: this.brierSum / this.n,
      ece: cal.ece,
      mce: cal.mce,
      reliability: cal.bins,
    };
  }
}
