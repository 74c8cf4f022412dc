import * as tf from '@tensorflow/tfjs-core';
import { addressOf, type KernelRuntime, kernelRuntime } from './kernel-runtime';
import { free, type KernelArgs, runStock } from './wasm-kernel-calls';

// SplitV and Concat of 4-byte tensors (float32, int32) as one pass of row copies in C
// (csrc/split_concat.c). A grouped convolution splits its input and kernel into g pieces along
// the channels and concatenates g outputs (and its gradient does the reverse): the stock wasm
// kernels copy such channel slices element by element and cost more than the convolutions
// (SE-ResNeXt: ~45% of a step).

type Backend = KernelArgs['backend'];
const FOUR_BYTE = new Set(['float32', 'int32']);

/** Runs the C copy: `pieces` along `axis` of `whole` (shape `shape`), gathered or scattered. */
function copyPieces(
  backend: Backend,
  rt: KernelRuntime,
  whole: tf.TensorInfo,
  shape: number[],
  axis: number,
  pieces: tf.TensorInfo[],
  gather: boolean,
): void {
  const outer = tf.util.sizeFromShape(shape.slice(0, axis));
  const inner = tf.util.sizeFromShape(shape.slice(axis + 1));
  const table = backend.makeOutput([2 * pieces.length], 'int32');
  const t = backend.typedArrayFromHeap(table) as Int32Array;
  pieces.forEach((p, i) => {
    t[2 * i] = addressOf(backend, p);
    t[2 * i + 1] = (p.shape[axis] as number) * inner;
  });
  rt.exports.split_concat(
    rt.pool,
    addressOf(backend, whole),
    addressOf(backend, table),
    pieces.length,
    outer,
    (shape[axis] as number) * inner,
    gather ? 1 : 0,
  );
  free(backend, table);
}

function splitV(args: KernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
  const rt = kernelRuntime(backend);
  if (!rt || !FOUR_BYTE.has(x.dtype) || tf.util.sizeFromShape(x.shape) === 0)
    return runStock<tf.TensorInfo[]>(tf.SplitV, args);
  const $axis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, $axis);
  const outs = sizes.map((s) => {
    const shape = x.shape.slice();
    shape[$axis] = s;
    return backend.makeOutput(shape, x.dtype);
  });
  copyPieces(backend, rt, x, x.shape, $axis, outs, false);
  return outs;
}

function concat(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const inputs = args.inputs as unknown as tf.TensorInfo[];
  const { axis } = args.attrs as unknown as tf.ConcatAttrs;
  const rt = kernelRuntime(backend);
  const dtype = inputs[0]?.dtype;
  const usable =
    rt !== undefined &&
    dtype !== undefined &&
    FOUR_BYTE.has(dtype) &&
    inputs.every((t) => t.dtype === dtype && tf.util.sizeFromShape(t.shape) > 0);
  if (!usable) return runStock(tf.Concat, args);
  const $axis = tf.util.parseAxisParam(axis, (inputs[0] as tf.TensorInfo).shape)[0] as number;
  const shape = tf.backend_util.computeOutShape(
    inputs.map((t) => t.shape),
    $axis,
  );
  const out = backend.makeOutput(shape, dtype);
  copyPieces(backend, rt as KernelRuntime, out, shape, $axis, inputs, true);
  return out;
}

/** `SplitV` on wasm: one pass of row copies (4-byte dtypes), else stock. */
export const splitVConfig: tf.KernelConfig = {
  kernelName: tf.SplitV,
  backendName: 'wasm',
  kernelFunc: splitV as unknown as tf.KernelFunc,
};

/** `Concat` on wasm: one pass of row copies (4-byte dtypes, no empty input), else stock. */
export const concatConfig: tf.KernelConfig = {
  kernelName: tf.Concat,
  backendName: 'wasm',
  kernelFunc: concat as unknown as tf.KernelFunc,
};
