import * as tf from '@tensorflow/tfjs-core';
import { CLAMP_OPS, clipRange } from './activations';
import { overrideGradient, wasmKernelsActive } from './gradient-override';
import { addressOf, kernelRuntime } from './kernel-runtime';
import type { KernelArgs } from './wasm-kernel-calls';

// tfjs-core differentiates ReLU as mul(dy, step(x)) (two full passes and a mask tensor), ReLU6
// as mul(dy, cast(mul(lessEqual(x, 6), step(x)))) and clipByValue — tfjs-layers' relu6 — as
// where(logicalAnd(greaterEqual(x, lo), lessEqual(x, hi)), dy, zerosLike(dy)) (five passes).
// On wasm with these kernels each is one pass of csrc/elementwise.c `mask_grad_f32`, bit for bit
// the composition's result; every other backend keeps tfjs-core's gradient.

/** The fused gradient kernel: inputs dy, x (float32, same shape); attrs op, clip range. */
export const MASK_GRAD_KERNEL = 'TricksMaskGrad';

interface MaskGradAttrs {
  op: number;
  lo: number;
  hi: number;
}

function maskGrad(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const { op, lo, hi } = args.attrs as unknown as MaskGradAttrs;
  const rt = kernelRuntime(backend);
  // The gradients below call this kernel only where the runtime is bound (wasmKernelsActive).
  if (!rt) throw new Error(`${MASK_GRAD_KERNEL}: wasm-train's C kernels are not bound`);
  const out = backend.makeOutput(x.shape, 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  if (n > 0)
    rt.exports.mask_grad_f32(
      rt.pool,
      op,
      addressOf(backend, dy),
      addressOf(backend, x),
      addressOf(backend, out),
      n,
      lo,
      hi,
    );
  return out;
}

/** {@link MASK_GRAD_KERNEL} for the `wasm` backend. */
export const maskGradConfig: tf.KernelConfig = {
  kernelName: MASK_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: maskGrad as unknown as tf.KernelFunc,
};

/**
 * Routes the gradients of ReLU, ReLU6 and clipByValue through {@link MASK_GRAD_KERNEL} where
 * the active backend is wasm with this package's kernels; elsewhere (and for other dtypes)
 * tfjs-core's own gradient runs. Idempotent.
 */
export function installFusedMaskGradients(): void {
  for (const [name, op] of Object.entries(CLAMP_OPS))
    overrideGradient(name, (dy, x, attrs) => {
      const pair = dy.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape);
      if (!pair || !wasmKernelsActive() || !tf.getKernel(MASK_GRAD_KERNEL, 'wasm')) return undefined;
      const [lo, hi] = clipRange(attrs);
      const kernelAttrs = { op, lo, hi };
      return () => tf.engine().runKernel(MASK_GRAD_KERNEL, { dy, x }, kernelAttrs as never) as tf.Tensor;
    });
}
