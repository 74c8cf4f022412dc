import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, runStock } from './wasm-kernel-calls';

/** A tensor over `x`'s memory (one more reference to it, freed with the last): no copy. */
export function shareMemory(backend: KernelArgs['backend'], x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * `Identity` that shares the input's memory (reference-counted, as the cpu backend does)
 * instead of copying it: tfjs tensors are immutable, and gradients pass dy through Identity
 * for every Add, so the stock copy costs a full pass over each activation. Any shape and
 * numeric dtype; string tensors go to the stock kernel.
 */
function identity(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') {
    return runStock(tf.Identity, args);
  }
  return shareMemory(args.backend, x);
}

/** `Identity` for the wasm backend: shares memory instead of copying. */
export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};
