import * as tf from '@tensorflow/tfjs-core';
import { assertDtype, assertRank, assertTensor, TricksError } from '@tftricks/core';
import type { CommonLossOptions, Reduced } from './loss';
import { assertFinite, assertLogits, checkFiniteFlag, checkReduction } from './loss-inputs';

export interface KlDivergenceOptions extends CommonLossOptions {
  /**
   * 'batchmean' (default): the sum over classes averaged over the batch — the actual KL
   * divergence per sample. PyTorch's default 'mean' divides by N·K as well, which scales the
   * loss (and its gradients) by 1/K and silently changes the effective learning rate; it is
   * kept for parity. 'sum' sums everything; 'none' gives the per-sample KL [N].
   */
  reduction?: 'batchmean' | 'mean' | 'sum' | 'none';
  /** True when `targets` are log-probabilities too (PyTorch's `log_target`); default false. */
  logTarget?: boolean;
}

/**
 * KL(targets ‖ input) = Σ_c t_c (log t_c − input_c), equal to PyTorch's
 * `F.kl_div(input, target, reduction, log_target)`: `input` is already in log-space
 * (`tf.logSoftmax(logits)`, never `log(softmax)`), `0·log 0 = 0` for zero target entries.
 *
 * @param input log-probabilities, float32 [N, K].
 * @param targets probabilities [N, K] (log-probabilities with `logTarget`), float32.
 */
export function klDivergence<O extends KlDivergenceOptions = { reduction?: 'batchmean' }>(
  input: tf.Tensor2D,
  targets: tf.Tensor2D,
  options?: O,
): Reduced<O> {
  const fn = 'klDivergence';
  const o: KlDivergenceOptions = options ?? {};
  const checkFinite = checkFiniteFlag(fn, o.checkFinite);
  assertLogits(fn, 'input', input, checkFinite);
  assertTensor(fn, 'targets', targets);
  assertRank(fn, 'targets', targets, 2);
  assertDtype(fn, 'targets', targets, 'float32');
  if (targets.shape[0] !== input.shape[0] || targets.shape[1] !== input.shape[1]) {
    throw new TricksError(
      fn,
      'targets',
      `shape [${input.shape.join(', ')}] (as 'input')`,
      `shape [${targets.shape.join(', ')}]`,
    );
  }
  const logTarget = o.logTarget ?? false;
  // −Infinity is a valid log-target (probability 0); only NaN / +Infinity are refused there.
  if (checkFinite && !logTarget) assertFinite(fn, 'targets', targets);
  if (checkFinite && logTarget) {
    const bad = tf.tidy(() => tf.any(tf.logicalOr(tf.isNaN(targets), tf.greater(targets, 0))));
    const flag = bad.dataSync()[0];
    bad.dispose();
    if (flag)
      throw new TricksError(fn, 'targets', 'log-probabilities (≤ 0, no NaN)', 'NaN or positive values');
  }
  const reduction = o.reduction ?? 'batchmean';
  checkReduction(fn, reduction, ['batchmean', 'mean', 'sum', 'none'] as const);
  return tf.tidy(() => {
    let elem: tf.Tensor;
    if (logTarget) {
      elem = tf.mul(tf.exp(targets), tf.sub(targets, input));
    } else {
      // xlogy(t, t): log of 1 where t = 0 keeps 0·log 0 = 0 and its gradient finite.
      const safeLog = tf.log(tf.where(tf.greater(targets, 0), targets, tf.onesLike(targets)));
      elem = tf.sub(tf.mul(targets, safeLog), tf.mul(targets, input));
    }
    if (reduction === 'none') return tf.sum(elem, 1);
    if (reduction === 'sum') return tf.sum(elem);
    if (reduction === 'mean') return tf.mean(elem);
    return tf.div(tf.sum(elem), input.shape[0]);
  }) as Reduced<O>;
}
