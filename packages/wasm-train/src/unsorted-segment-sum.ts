import * as tf from '@tensorflow/tfjs-core';
import { describeValue, TricksError } from '@tftricks/core';
import type { KernelArgs } from './wasm-kernel-calls';

/**
 * out[k, ...] = Σ_{j : segmentIds[j] = k} x[j, ...], for k in [0, numSegments). Ids outside
 * that range are dropped, as in TensorFlow. The gradient of `tf.gather` calls this, so any
 * model that gathers (class tokens, embeddings, label lookups) needs it to train.
 *
 * Inputs x [S₀, …, S_{r−1}, ...inner] (float32 or int32), segmentIds [S₀, …, S_{r−1}] int32;
 * output [numSegments, ...inner] with the dtype of x.
 */
function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new TricksError(
      'UnsortedSegmentSum (wasm-train)',
      'x',
      'a float32 or int32 tensor',
      describeValue(x),
    );
  }
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const inner = rows === 0 ? 0 : tf.util.sizeFromShape(x.shape) / rows;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const out = backend.makeOutput(outShape, x.dtype);
  // Views after the allocation: growing the heap detaches older views.
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  const xs = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const os = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  os.fill(0);
  for (let j = 0; j < rows; j++) {
    const k = ids[j] as number;
    if (k < 0 || k >= numSegments) continue;
    const src = j * inner;
    const dst = k * inner;
    for (let i = 0; i < inner; i++) os[dst + i] = (os[dst + i] as number) + (xs[src + i] as number);
  }
  return out;
}

/** `UnsortedSegmentSum` for the wasm backend (stock wasm has none). */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
