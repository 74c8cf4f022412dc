import * as tf from '@tensorflow/tfjs-core';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { f32, free, type KernelArgs, runStock } from './wasm-kernel-calls';

// Sum and Mean of float32 over one contiguous run of axes, x seen as [outer, rows, inner]: the
// bias gradient (leading axes: dy [N, H, W, C] → [C]), global average pooling and squeeze-excite
// (middle axes: [N, H, W, C] → [N, C]). The stock wasm kernels transpose the reduced axes to the
// end first. C/SIMD column sums in float32 blocks of 64 rows added in float64; every other case
// (scattered axes, int32, bool) goes to the stock kernel.

/** [outer, rows, inner] when `axes` are one contiguous run of x's axes, else undefined. */
function runOf(shape: number[], axes: number[]): [number, number, number] | undefined {
  if (axes.length === 0) return undefined;
  const first = axes[0] as number;
  if (!axes.every((ax, i) => ax === first + i)) return undefined;
  const end = first + axes.length;
  return [
    tf.util.sizeFromShape(shape.slice(0, first)),
    tf.util.sizeFromShape(shape.slice(first, end)),
    tf.util.sizeFromShape(shape.slice(end)),
  ];
}

function reduce(name: string, mean: boolean, args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  const run = x.dtype === 'float32' ? runOf(x.shape, axes) : undefined;
  const rt = kernelRuntime(backend);
  if (!run || (!rt && (mean || run[0] !== 1))) return runStock(name, args);
  const [outer, rows, inner] = run;
  const outShape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keepDims ? [1] : []) : [d]));
  const out = backend.makeOutput(outShape, 'float32');
  if (outer * inner === 0) return out;
  if (rt) {
    const scratch = backend.makeOutput(
      [Math.max(1, rt.exports.sum_middle_scratch(outer, rows, inner))],
      'float32',
    );
    rt.exports.sum_middle(
      rt.pool,
      addressOf(backend, x),
      outer,
      rows,
      inner,
      addressOf(backend, out),
      addressOf(backend, scratch),
      mean ? 1 : 0,
    );
    free(backend, scratch);
    return out;
  }
  // No C kernels yet (a browser main thread before setup awaited them): leading-axes Sum in JS.
  const acc = new Float64Array(inner);
  const xs = f32(backend, x);
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (xs[base + j] as number);
  }
  f32(backend, out).set(acc);
  return out;
}

/** `Sum` for the wasm backend: float32 over a contiguous run of axes in one pass, the rest stock. */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: ((args: KernelArgs) => reduce(tf.Sum, false, args)) as unknown as tf.KernelFunc,
};

/** `Mean` for the wasm backend: float32 over a contiguous run of axes in one pass, the rest stock. */
export const meanConfig: tf.KernelConfig = {
  kernelName: tf.Mean,
  backendName: 'wasm',
  kernelFunc: ((args: KernelArgs) => reduce(tf.Mean, true, args)) as unknown as tf.KernelFunc,
};
