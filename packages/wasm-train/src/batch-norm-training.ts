import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { assertDtype, assertFiniteNumber, assertTensor, TricksError } from '@tftricks/core';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './batch-norm-kernels';
import { kernelRuntime } from './kernel-runtime';

/** What {@link batchNormTraining} returns. */
export interface BatchNormTrainingResult {
  /** The normalised activation, the shape of x. */
  y: tf.Tensor;
  /** Batch mean per channel [C]; carries no gradient (it feeds the running statistics). */
  mean: tf.Tensor1D;
  /** Biased batch variance per channel [C], as `tf.moments`; carries no gradient. */
  variance: tf.Tensor1D;
}

/** Whether the active backend runs the fused BatchNorm kernels (wasm with the C kernels bound). */
export function fusedBatchNormActive(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  if (!tf.getKernel(BATCH_NORM_TRAINING, 'wasm') || !tf.getKernel(BATCH_NORM_TRAINING_GRAD, 'wasm'))
    return false;
  return kernelRuntime(tf.backend() as unknown as BackendWasm) !== undefined;
}

function reductionAxes(rank: number): number[] {
  return Array.from({ length: rank - 1 }, (_, i) => i);
}

/** The stock forward: tf.moments, then tf.batchNorm (the same numbers as tfjs-layers). */
function compositeForward(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): tf.Tensor[] {
  const { mean, variance } = tf.moments(x, reductionAxes(x.rank));
  const y = tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
  return [y, mean, variance];
}

/**
 * The gradient with the batch statistics differentiated, in eight full-size ops (the stock
 * composition of tf.moments + FusedBatchNorm takes about 45):
 * dx = gamma·rstd·(dy − mean(dy) − x̂·mean(dy·x̂)), x̂ = (x − mean)·rstd.
 */
function compositeBackward(
  dy: tf.Tensor,
  x: tf.Tensor,
  gamma: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  epsilon: number,
): tf.Tensor[] {
  const axes = reductionAxes(x.rank);
  const rows = x.size / (x.shape[x.rank - 1] as number);
  const xc = tf.sub(x, mean);
  const rstd = tf.rsqrt(tf.add(variance, epsilon));
  const sdy = tf.sum(dy, axes);
  const sdyx = tf.sum(tf.mul(dy, xc), axes);
  const a = tf.mul(gamma, rstd);
  const b = tf.mul(tf.mul(a, tf.mul(tf.square(rstd), sdyx)), -1 / rows);
  const k = tf.mul(tf.mul(a, sdy), -1 / rows);
  const dx = tf.add(tf.add(tf.mul(dy, a), tf.mul(xc, b)), k);
  return [dx, tf.mul(sdyx, rstd), sdy];
}

/**
 * BatchNorm in training mode over the last axis: normalises x with its own batch statistics,
 * y = (x − mean)·gamma/√(variance + ε) + beta, with the mean and (biased) variance taken over
 * every axis but the last — what tfjs-layers' `batchNormalization` computes with
 * `training: true`, in far fewer passes.
 *
 * The gradient of y differentiates the batch statistics (dx, dgamma, dbeta as the stock
 * composition gives them, within float32 rounding). On wasm with `@tftricks/wasm-train`'s kernels
 * registered, forward and backward are each one C/SIMD kernel (a few passes over x, threaded
 * where the backend is); elsewhere they are stock ops, with a gradient of eight full-size ops.
 *
 * @param x float32, rank ≥ 2, channels last ([N, H, W, C] or [N, C]).
 * @param gamma scale [C], or null for 1.
 * @param beta offset [C], or null for 0.
 * @param epsilon added to the variance, > 0 (tfjs-layers' default 1e-3; PyTorch's 1e-5).
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D | null,
  beta: tf.Tensor1D | null,
  epsilon = 1e-3,
): BatchNormTrainingResult {
  const fn = 'batchNormTraining';
  assertTensor(fn, 'x', x);
  assertDtype(fn, 'x', x, 'float32');
  if (x.rank < 2) throw new TricksError(fn, 'x', 'a tensor of rank ≥ 2 (channels last)', `rank ${x.rank}`);
  const c = x.shape[x.rank - 1] as number;
  for (const [arg, t] of [
    ['gamma', gamma],
    ['beta', beta],
  ] as const) {
    if (t === null) continue;
    assertTensor(fn, arg, t);
    if (t.rank !== 1 || t.shape[0] !== c)
      throw new TricksError(
        fn,
        arg,
        `a tensor of shape [${c}] (one value per channel)`,
        `shape [${t.shape.join(', ')}]`,
      );
  }
  assertFiniteNumber(fn, 'epsilon', epsilon);
  if (!(epsilon > 0)) throw new TricksError(fn, 'epsilon', 'a number > 0', String(epsilon));

  const fused = fusedBatchNormActive();
  const attrs = { varianceEpsilon: epsilon };
  let stats: tf.Tensor[] = [];
  const g = gamma ?? tf.ones([c]);
  const b = beta ?? tf.zeros([c]);
  // customGrad gives the whole gradient at once (no per-input recomputation); the statistics
  // leave it through `stats`, since its forward is tidied.
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, gIn, bIn] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    const save = args[3] as tf.GradSaveFunc;
    const [y, mean, variance] = fused
      ? (tf.engine().runKernel(BATCH_NORM_TRAINING, { x: xIn, gamma: gIn, beta: bIn }, attrs) as tf.Tensor[])
      : compositeForward(xIn as tf.Tensor, gIn as tf.Tensor1D, bIn as tf.Tensor1D, epsilon);
    stats = [tf.keep(mean as tf.Tensor), tf.keep(variance as tf.Tensor)];
    save([xIn as tf.Tensor, gIn as tf.Tensor, mean as tf.Tensor, variance as tf.Tensor]);
    return {
      value: y as tf.Tensor,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, gs, ms, vs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const d = dy as tf.Tensor;
        return fused
          ? (tf
              .engine()
              .runKernel(
                BATCH_NORM_TRAINING_GRAD,
                { dy: d, x: xs, gamma: gs, mean: ms, variance: vs },
                attrs,
              ) as tf.Tensor[])
          : compositeBackward(d, xs, gs, ms, vs, epsilon);
      },
    };
  });
  const y = (normalize as (...t: tf.Tensor[]) => tf.Tensor)(x, g, b);
  const [meanKept, varianceKept] = stats as [tf.Tensor, tf.Tensor];
  const result = {
    y,
    mean: tf.clone(meanKept) as tf.Tensor1D,
    variance: tf.clone(varianceKept) as tf.Tensor1D,
  };
  tf.dispose([meanKept, varianceKept]);
  if (gamma === null) g.dispose();
  if (beta === null) b.dispose();
  return result;
}
