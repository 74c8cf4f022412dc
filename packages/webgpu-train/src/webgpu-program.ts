import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type * as tf from '@tensorflow/tfjs-core';

/** A uniform value handed to a program, as tfjs-backend-webgpu's `ProgramUniform` entries. */
export interface Uniform {
  type: 'int32' | 'float32' | 'uint32';
  data: number[];
}

const WORKGROUP = 64;

/**
 * A program over a flat index 0 … size−1 (64 invocations per workgroup). `body` is the WGSL of
 * `fn main(index : i32)`; tfjs adds the bindings (`result`, one array per input name, `uniforms`).
 */
export function flatProgram(
  key: string,
  outputShape: number[],
  inputs: string[],
  uniforms: string,
  body: string,
  atomic = false,
): WebGPUProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    shaderKey: `tftricks_${key}`,
    outputShape,
    variableNames: inputs,
    uniforms,
    atomic,
    workgroupSize: [WORKGROUP, 1, 1],
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    getUserCode: () => `fn main(index : i32) {\n${body}\n}`,
  };
}

/** Runs `program` on the webgpu backend (into `output` when given, e.g. a zero-filled tensor). */
export function runProgram(
  backend: WebGPUBackend,
  program: WebGPUProgram,
  inputs: tf.TensorInfo[],
  dtype: tf.DataType,
  uniforms: Uniform[],
  output?: tf.TensorInfo,
): tf.TensorInfo {
  return backend.runWebGPUProgram(program, inputs, dtype, uniforms, output);
}
