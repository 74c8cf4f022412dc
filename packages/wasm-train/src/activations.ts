import * as tf from '@tensorflow/tfjs-core';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { type KernelArgs, runStock } from './wasm-kernel-calls';

// ReLU, ReLU6 and clipByValue of float32 on wasm-train's threads (csrc/elementwise.c
// `clamp_f32`), with the cpu backend's values (NaN stays NaN; ReLU maps −0 to +0): after every
// BatchNorm of a training step they are full passes over the activation, which the stock
// kernels run on XNNPACK's pool (one thread by default). Other dtypes run the stock kernels.

/**
 * Op codes of `clamp_f32` and of `mask_grad_f32` (activation-gradients.ts) by kernel name
 * (csrc/elementwise.c MG_*).
 */
export const CLAMP_OPS: Readonly<Record<string, number>> = {
  [tf.Relu]: 0,
  [tf.Relu6]: 1,
  [tf.ClipByValue]: 2,
};

/** ClipByValue's [clipValueMin, clipValueMax]; [0, 0] for ReLU and ReLU6, whose C ops ignore it. */
export function clipRange(attrs: unknown): [lo: number, hi: number] {
  const range = (attrs ?? {}) as { clipValueMin?: number; clipValueMax?: number };
  return [range.clipValueMin ?? 0, range.clipValueMax ?? 0];
}

function activationKernel(name: string): tf.KernelFunc {
  const op = CLAMP_OPS[name] as number;
  return ((args: KernelArgs) => {
    const { backend } = args;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const rt = kernelRuntime(backend);
    if (!rt || x.dtype !== 'float32') return runStock(name, args);
    const [lo, hi] = clipRange(args.attrs);
    const out = backend.makeOutput(x.shape, 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    if (n > 0) rt.exports.clamp_f32(rt.pool, op, addressOf(backend, x), addressOf(backend, out), n, lo, hi);
    return out;
  }) as unknown as tf.KernelFunc;
}

/** `Relu`, `Relu6` and `ClipByValue` on wasm (C, SIMD, wasm-train's threads). */
export const activationConfigs: readonly tf.KernelConfig[] = Object.keys(CLAMP_OPS).map((kernelName) => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: activationKernel(kernelName),
}));
