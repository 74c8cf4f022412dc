import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { batchNormTraining, fusedBatchNormActive } from './batch-norm-training';

/** The members of tfjs-layers' `BatchNormalization` layer the training path reads. */
interface LayerVariableLike {
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}
interface BatchNormLayerLike {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariableLike | null;
  beta: LayerVariableLike | null;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}
type Call = (
  this: BatchNormLayerLike,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];
interface BatchNormClass {
  prototype: { call: Call };
}

/** Where {@link useFusedBatchNorm} takes the fused path. */
export interface FusedBatchNormOptions {
  /**
   * `'fused-kernels'` (default): only where the active backend has the fused kernels (wasm with
   * `@tftricks/wasm-train`); every other backend keeps tfjs-layers' own code, unchanged.
   * `'all'`: every backend, with the composite gradient where no fused kernel exists.
   */
  backends?: 'fused-kernels' | 'all';
}

let stockCall: Call | undefined;
let mode: NonNullable<FusedBatchNormOptions['backends']> = 'fused-kernels';

/** tfjs-layers' BatchNormalization class, found through tfjs-core's serialization registry. */
function batchNormClass(): BatchNormClass | undefined {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  return entry?.[0] as unknown as BatchNormClass | undefined;
}

function movingAverage(variable: LayerVariableLike, value: tf.Tensor, momentum: number): void {
  // tfjs-layers' update, op for op: moving − (moving − batch)·(1 − momentum).
  tf.tidy(() => {
    const old = variable.read();
    variable.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - momentum)));
  });
}

function fusedCall(
  this: BatchNormLayerLike,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) {
  const stock = stockCall as Call;
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  const lastAxis = x !== undefined && (this.axis === -1 || this.axis === x.rank - 1);
  const wanted = mode === 'all' || fusedBatchNormActive();
  if (kwargs?.training !== true || !wanted || !lastAxis || (Array.isArray(inputs) && inputs.length !== 1))
    return stock.call(this, inputs, kwargs);
  if (x.rank < 2 || x.dtype !== 'float32') return stock.call(this, inputs, kwargs);
  return tf.tidy(() => {
    const gamma = this.scale && this.gamma ? (this.gamma.read() as tf.Tensor1D) : null;
    const beta = this.center && this.beta ? (this.beta.read() as tf.Tensor1D) : null;
    const { y, mean, variance } = batchNormTraining(x, gamma, beta, this.epsilon);
    movingAverage(this.movingMean, mean, this.momentum);
    movingAverage(this.movingVariance, variance, this.momentum);
    return y;
  });
}

/**
 * Routes tfjs-layers' `batchNormalization` layers in training mode (`training: true`, channels
 * last) through {@link batchNormTraining}: a few passes per layer instead of the stock chain of
 * moments, FusedBatchNorm and a gradient that tiles the scale to full size. Outputs, gradients
 * and the moving mean/variance updates are those of the stock layer within float32 rounding;
 * inference, other axes and other dtypes keep the stock code. No model code changes.
 *
 * It replaces `BatchNormalization.prototype.call` (found through tfjs-core's serialization
 * registry, so tfjs-layers must be loaded); {@link restoreStockBatchNorm} undoes it.
 * `registerWasmTrainKernels()` calls it with the default options.
 *
 * @returns true when installed, false when tfjs-layers is not loaded.
 */
export function useFusedBatchNorm(options: FusedBatchNormOptions = {}): boolean {
  const backends = options.backends ?? 'fused-kernels';
  if (backends !== 'fused-kernels' && backends !== 'all')
    throw new TricksError(
      'useFusedBatchNorm',
      'options.backends',
      "'fused-kernels' or 'all'",
      JSON.stringify(backends),
    );
  if (!installFusedBatchNorm()) return false;
  mode = backends;
  return true;
}

/** Installs the fused layer path, keeping the current mode; false when tfjs-layers is not loaded. */
export function installFusedBatchNorm(): boolean {
  const cls = batchNormClass();
  if (!cls) return false;
  if (cls.prototype.call !== fusedCall) {
    stockCall = cls.prototype.call;
    cls.prototype.call = fusedCall;
  }
  return true;
}

/** Puts tfjs-layers' own `BatchNormalization.prototype.call` back. */
export function restoreStockBatchNorm(): void {
  const cls = batchNormClass();
  if (cls && stockCall && cls.prototype.call === fusedCall) cls.prototype.call = stockCall;
  mode = 'fused-kernels';
}
