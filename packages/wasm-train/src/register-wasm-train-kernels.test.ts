import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerWasmTrainKernels, WASM_TRAIN_KERNEL_NAMES } from './index';

// Registration only touches tfjs-core's kernel registry, so this runs on every backend
// (the numeric tests that need the wasm backend are the *.node.test.ts files).
describe('registerWasmTrainKernels', () => {
  it('registers every listed kernel for the wasm backend', () => {
    registerWasmTrainKernels();
    for (const name of WASM_TRAIN_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    expect(WASM_TRAIN_KERNEL_NAMES).toEqual(
      expect.arrayContaining([
        'Conv2DBackpropFilter',
        'Conv2DBackpropInput',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
        'DepthwiseConv2dNative',
        'UnsortedSegmentSum',
        'Einsum',
        'MaxPoolGrad',
        'BatchMatMul',
        'Sum',
        'Identity',
        'CropAndResize',
        'Add',
        'Sub',
        'Multiply',
        'RealDiv',
      ]),
    );
  });

  it('is idempotent: a second call keeps the same kernel functions', () => {
    registerWasmTrainKernels();
    const first = WASM_TRAIN_KERNEL_NAMES.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    registerWasmTrainKernels();
    const second = WASM_TRAIN_KERNEL_NAMES.map((n) => tf.getKernel(n, 'wasm')?.kernelFunc);
    expect(second).toEqual(first);
  });

  it('touches no other backend', () => {
    registerWasmTrainKernels();
    for (const name of WASM_TRAIN_KERNEL_NAMES) {
      const k = tf.getKernel(name, tf.getBackend());
      if (tf.getBackend() !== 'wasm' && k) expect(k.backendName).toBe(tf.getBackend());
    }
  });
});
