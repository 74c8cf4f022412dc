import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { flatProgram, runProgram } from './webgpu-program';

/**
 * `DenseBincount` for webgpu. tfjs-backend-webgpu 4.22's kernel gets two cases wrong on every
 * adapter (docs/webgpu.md has the reproduction):
 * - rank 2 with `size` ≠ the row length: it maps the flat index to (row, column) with the
 *   *output's* strides, so counts land in the wrong rows (`equalize`'s histograms);
 * - int32 weights: it sums them as floats into an int buffer (two 1s → 1073741824, 2.0f's bits).
 * This one walks x by its own row length and adds ints as ints. One invocation per element of x,
 * atomic adds into the zeroed output (floats by compare-exchange, as tfjs does).
 */
export const denseBincountConfig: tf.KernelConfig = {
  kernelName: 'DenseBincount',
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, weights } = inputs as { x: tf.TensorInfo; weights: tf.TensorInfo };
    const { size, binaryOutput } = attrs as unknown as { size: number; binaryOutput: boolean };
    const b = backend as unknown as WebGPUBackend;
    const rows = x.shape.length === 1 ? 1 : (x.shape[0] as number);
    const cols = x.shape.length === 1 ? (x.shape[0] as number) : (x.shape[1] as number);
    const hasWeights = tf.util.sizeFromShape(weights.shape) > 0;
    const dtype = weights.dtype;
    // A vector is one row; the rank-1 shader variant wrote nothing on SwiftShader.
    const asRow = (t: tf.TensorInfo): tf.TensorInfo =>
      t.shape.length === 1 ? { dataId: t.dataId, shape: [1, t.shape[0] as number], dtype: t.dtype } : t;
    const outShape = [rows, size];
    const fill = tf.getKernel('Fill', 'webgpu');
    if (!fill) throw new Error('DenseBincount (webgpu): no Fill kernel registered');
    const output = fill.kernelFunc({
      inputs: {},
      backend,
      attrs: { shape: outShape, value: 0, dtype },
    }) as tf.TensorInfo;
    const result = (t: tf.TensorInfo): tf.TensorInfo =>
      x.shape.length === 1 ? { dataId: t.dataId, shape: [size], dtype: t.dtype } : t;
    if (rows * cols === 0) return result(output);
    const isInt = dtype === 'int32';
    const one = isInt ? '1' : 'bitcast<i32>(1.0)';
    const weight = hasWeights ? `w[index]` : isInt ? '1' : '1.0';
    const write = binaryOutput
      ? `atomicStore(&result[slot], ${one});`
      : isInt
        ? `atomicAdd(&result[slot], i32(${weight}));`
        : `var old = atomicLoad(&result[slot]);
        loop {
          let next = bitcast<i32>(bitcast<f32>(old) + f32(${weight}));
          let r = atomicCompareExchangeWeak(&result[slot], old, next);
          if (r.exchanged) { break; }
          old = r.old_value;
        }`;
    const program = flatProgram(
      `dense_bincount_${dtype}_${hasWeights}_${binaryOutput}`,
      [rows * cols],
      hasWeights ? ['x', 'w'] : ['x'],
      'binCount : i32, cols : i32,',
      `  if (index < uniforms.size) {
    let v = i32(x[index]);
    if (v >= 0 && v < uniforms.binCount) {
      let slot = (index / uniforms.cols) * uniforms.binCount + v;
      ${write}
    }
  }`,
      true,
    );
    program.size = true;
    const programInputs = hasWeights ? [asRow(x), asRow(weights)] : [asRow(x)];
    return result(
      runProgram(b, program, programInputs, dtype, [{ type: 'int32', data: [size, cols] }], output),
    );
  },
};
