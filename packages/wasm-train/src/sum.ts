import * as tf from '@tensorflow/tfjs-core';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { f32, free, type KernelArgs, originalKernel } from './wasm-kernel-calls';

/**
 * `Sum` over leading axes of a float32 tensor (bias gradients: dy [N, H, W, C] → [C]) as one
 * pass over memory (C/SIMD column sums: float32 blocks of 64 rows added in float64); the stock
 * wasm kernel transposes the reduced axes to the end first. Every other case (inner axes,
 * int32, bool) goes to the stock kernel.
 */
function sum(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const stock = originalKernel(tf.Sum);
  if (!stock) throw new Error('@tftricks/wasm-train: the stock wasm Sum kernel is missing');
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((ax, i) => ax === i);
  if (!leading || x.dtype !== 'float32')
    return stock(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const innerShape = x.shape.slice(axes.length);
  const inner = tf.util.sizeFromShape(innerShape);
  const outShape = keepDims ? [...axes.map(() => 1), ...innerShape] : innerShape;
  const rt = kernelRuntime(backend);
  if (rt && inner > 0) {
    const out = backend.makeOutput(outShape, 'float32');
    const scratch = backend.makeOutput([Math.max(1, rt.exports.sum_rows_scratch(rows, inner))], 'float32');
    rt.exports.sum_rows(
      rt.pool,
      addressOf(backend, x),
      rows,
      inner,
      addressOf(backend, out),
      addressOf(backend, scratch),
    );
    free(backend, scratch);
    return out;
  }
  const acc = new Float64Array(inner);
  const xs = f32(backend, x);
  for (let r = 0; r < rows; r++) {
    const base = r * inner;
    for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (xs[base + j] as number);
  }
  const out = backend.makeOutput(outShape, 'float32');
  f32(backend, out).set(acc);
  return out;
}

/** `Sum` for the wasm backend: leading-axes float32 sums in one pass, the rest stock. */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sum as unknown as tf.KernelFunc,
};
