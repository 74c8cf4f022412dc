import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Labels, Targets } from '@tftricks/core';

/**
 * What a classification loss takes as targets: class indices (an int32 `Tensor1D` [N], a
 * `number[]` or an `Int32Array`, values in [0, K)) or probability rows (`Targets`, float32
 * [N, K]: one-hot, smoothed, mixed or soft).
 */
export type LossTargets = Targets | Labels | readonly number[] | Int32Array;

/**
 * 'mean' and 'sum' give a `Scalar`; 'none' gives the per-sample loss, a `Tensor1D` [N].
 * (Each loss documents what it averages over.)
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** The return type for an options object: `Tensor1D` for `reduction: 'none'`, else `Scalar`. */
export type Reduced<O> = O extends { reduction: 'none' }
  ? Tensor1D
  : O extends { reduction?: 'mean' | 'sum' | 'batchmean' | undefined }
    ? Scalar
    : Scalar | Tensor1D;

/**
 * Any classification loss of this package: `(logits [N, K], targets, options?) → Scalar`
 * (or a per-sample `Tensor1D` with `reduction: 'none'`). The demo, distillation and
 * pseudo-labelling take a `Loss`, so any of them plugs in: `const loss: Loss = crossEntropy`.
 */
export type Loss<O = never> = (logits: Tensor2D, targets: LossTargets, options?: O) => Scalar | Tensor1D;

/** Options every loss understands. */
export interface CommonLossOptions {
  /**
   * Check inputs for NaN / ±Infinity (and index targets for range) before computing; default
   * true. Each check reads one value back from the backend, so a hot loop may pass false.
   */
  checkFinite?: boolean;
}
