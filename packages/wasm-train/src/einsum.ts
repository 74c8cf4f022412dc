import * as tf from '@tensorflow/tfjs-core';
import { callWasm, free, type KernelArgs } from './wasm-kernel-calls';

/**
 * `tf.einsum` on wasm, built like the cpu backend's kernel from the wasm Transpose, Reshape,
 * Multiply and Sum kernels (tfjs-core decides the contraction path). Shapes follow the
 * equation, e.g. 'bnd,de->bne'.
 */
function einsum(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { equation } = args.attrs as unknown as tf.EinsumAttrs;
  const tensors = args.inputs as unknown as tf.TensorInfo[];
  const bu = tf.backend_util;
  const { allDims, summedDims, idDims } = bu.decodeEinsumEquation(equation, tensors.length);
  bu.checkEinsumDimSizes(allDims.length, idDims, tensors as unknown as tf.Tensor[]);
  const { path, steps } = bu.getEinsumComputePath(summedDims, idDims);
  let out: tf.TensorInfo | null = null;
  let remaining = allDims.length;
  const scratch: tf.TensorInfo[] = [];
  for (let i = 0; i < steps.length; i++) {
    for (const term of steps[i] as number[]) {
      const { permutationIndices: perm, expandDims } = bu.getEinsumPermutation(
        remaining,
        idDims[term] as number[],
      );
      let x = tensors[term] as tf.TensorInfo;
      if (!bu.isIdentityPermutation(perm)) {
        x = callWasm('Transpose', backend, { x }, { perm });
        scratch.push(x);
      }
      const target = x.shape.slice();
      for (const d of expandDims) target.splice(d, 0, 1);
      if (!tf.util.arraysEqual(x.shape, target)) {
        x = callWasm('Reshape', backend, { x }, { shape: target });
        scratch.push(x);
      }
      if (out === null) out = x;
      else {
        out = callWasm('Multiply', backend, { a: x, b: out });
        scratch.push(out);
      }
    }
    if (i < steps.length - 1) {
      const axis = path[i] as number;
      if (axis >= 0 && out !== null) {
        out = callWasm(
          'Sum',
          backend,
          { x: out },
          { axis: axis - (allDims.length - remaining), keepDims: false },
        );
        scratch.push(out);
      }
      remaining--;
    }
  }
  for (const t of scratch) if (t !== out) free(backend, t);
  if (out === null) throw new Error('@tftricks/wasm-train: Einsum got no inputs');
  // An input returned as is must not be handed back as a new tensor: copy it.
  if (tensors.includes(out)) return callWasm('Identity', backend, { x: out });
  return out;
}

/** `Einsum` for the wasm backend (stock wasm has none). */
export const einsumConfig: tf.KernelConfig = {
  kernelName: tf.Einsum,
  backendName: 'wasm',
  kernelFunc: einsum as unknown as tf.KernelFunc,
};
