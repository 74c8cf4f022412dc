import * as tf from '@tensorflow/tfjs-core';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { type KernelArgs, runStock } from './wasm-kernel-calls';

// Add, Sub, Multiply and RealDiv of float32 tensors on wasm-train's thread pool
// (csrc/elementwise.c `arith_f32`): the stock kernels run them on XNNPACK's pool, which
// registerThreadedWasmBackend keeps to one thread by default. Same-shape operands, a scalar, or
// one operand broadcast along one run of axes (a per-channel [C] or [1, 1, 1, C]; SE gates
// [N, 1, 1, C] against [N, H, W, C]); anything else, and other dtypes, run the stock kernel.
// IEEE float32 + − × ÷ round the same in every order of evaluation: results equal the stock's.

/** `arith_f32` op codes (csrc/elementwise.c AR_*): [big op small, small op big]. */
const OPS: Record<string, [number, number]> = {
  [tf.Add]: [0, 0],
  [tf.Sub]: [1, 2],
  [tf.Multiply]: [3, 3],
  [tf.RealDiv]: [4, 5],
};

/** How the smaller operand broadcasts over the bigger: `arith_f32`'s mode, mid and inner. */
interface Broadcast {
  /** 0 same size, 1 one element, 2 small[o, c] over big viewed as [outer, mid, inner]. */
  mode: 0 | 1 | 2;
  mid: number;
  inner: number;
}

/**
 * The broadcast of `small` (shape) over `big` (shape, the output's size), or undefined when its
 * broadcast axes are not one contiguous run (those take the stock kernel).
 */
export function broadcastOver(big: readonly number[], small: readonly number[]): Broadcast | undefined {
  const size = tf.util.sizeFromShape(small as number[]);
  if (size === tf.util.sizeFromShape(big as number[])) return { mode: 0, mid: 1, inner: 1 };
  if (size === 1) return { mode: 1, mid: 1, inner: 1 };
  if (small.length > big.length) return undefined;
  const padded = [...new Array<number>(big.length - small.length).fill(1), ...small];
  const axes: number[] = [];
  for (let k = 0; k < big.length; k++) {
    const s = padded[k] as number;
    if (s !== 1 && s !== big[k]) return undefined;
    if (s === 1 && big[k] !== 1) axes.push(k);
  }
  const first = axes[0];
  const last = axes[axes.length - 1];
  if (first === undefined || last === undefined) return undefined;
  // One run: inside it the small operand has only ones (axes of size 1 in both do not count).
  for (let k = first; k <= last; k++) if (padded[k] !== 1) return undefined;
  const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
  return { mode: 2, mid: prod(big.slice(first, last + 1)), inner: prod(big.slice(last + 1)) };
}

function arithmeticKernel(name: string): tf.KernelFunc {
  const [op, mirrored] = OPS[name] as [number, number];
  return ((args: KernelArgs) => {
    const { backend } = args;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const rt = kernelRuntime(backend);
    const stock = () => runStock(name, args);
    if (!rt || a.dtype !== 'float32' || b.dtype !== 'float32') return stock();
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const n = tf.util.sizeFromShape(shape);
    // The operand the size of the output is `big`; the other broadcasts over it.
    const swapped = tf.util.sizeFromShape(a.shape) !== n;
    const [big, small] = swapped ? [b, a] : [a, b];
    if (tf.util.sizeFromShape(big.shape) !== n) return stock();
    const cast = broadcastOver(shape, small.shape);
    if (!cast) return stock();
    const out = backend.makeOutput(shape, 'float32');
    if (n === 0) return out;
    rt.exports.arith_f32(
      rt.pool,
      swapped ? mirrored : op,
      addressOf(backend, big),
      addressOf(backend, small),
      addressOf(backend, out),
      n,
      cast.mode,
      cast.mid,
      cast.inner,
    );
    return out;
  }) as unknown as tf.KernelFunc;
}

/** Add, Sub, Multiply and RealDiv of float32 tensors on wasm (C, SIMD, wasm-train's threads). */
export const binaryArithmeticConfigs: readonly tf.KernelConfig[] = Object.keys(OPS).map((kernelName) => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: arithmeticKernel(kernelName),
}));
