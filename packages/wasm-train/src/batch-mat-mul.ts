import * as tf from '@tensorflow/tfjs-core';
import { callWasm, free, type KernelArgs, runStock } from './wasm-kernel-calls';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * `BatchMatMul` with transposed operands. The stock wasm kernel is fast only without
 * transposes (the backward pass of every dense layer uses them: dx = dy·Wᵀ, dW = xᵀ·dy), so
 * transposed operands are transposed explicitly first and the stock kernel runs untransposed.
 * Shapes as `tf.matMul`: a [..., M, K] (or [..., K, M] with transposeA), b [..., K, N]
 * (or [..., N, K]); output [..., M, N].
 */
function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32')
    return runStock(tf.BatchMatMul, args);
  const scratch: tf.TensorInfo[] = [];
  const aa = transposeA ? callWasm('Transpose', backend, { x: a }, { perm: swapLastTwo(a.shape.length) }) : a;
  if (transposeA) scratch.push(aa);
  const bb = transposeB ? callWasm('Transpose', backend, { x: b }, { perm: swapLastTwo(b.shape.length) }) : b;
  if (transposeB) scratch.push(bb);
  try {
    return runStock(tf.BatchMatMul, {
      inputs: { a: aa, b: bb },
      backend,
      attrs: { transposeA: false, transposeB: false },
    });
  } finally {
    for (const t of scratch) free(backend, t);
  }
}

/** `BatchMatMul` for the wasm backend: the stock kernel, with transposes done up front. */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
};
