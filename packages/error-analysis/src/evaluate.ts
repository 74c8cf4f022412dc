import { type EvaluateOptions, type Evaluation, Evaluator } from './evaluator';
import type { LabelsInput, ProbsInput } from './prediction-input';

/**
 * Classification metrics of predicted probabilities against integer labels: accuracy, top-k,
 * per-class precision/recall/F1/support with macro and weighted averages, the confusion
 * matrix, NLL, Brier score, ECE and MCE with reliability bins.
 *
 * For sets too large to hold at once, use {@link Evaluator} (`add` per batch, then `result`).
 *
 * @param probs [N, K] probabilities (softmax outputs; rows sum to 1), tensor or arrays. Not disposed.
 * @param labels N integer labels in [0, K).
 */
export async function evaluate(
  probs: ProbsInput,
  labels: LabelsInput,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const ev = new Evaluator(options, 'evaluate');
  await ev.add(probs, labels);
  return ev.result();
}
