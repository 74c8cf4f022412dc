import * as tf from '@tensorflow/tfjs-core';
import { shareMemory } from './identity';
import { addressOf, type KernelRuntime, kernelRuntime } from './kernel-runtime';
import { type KernelArgs, runStock } from './wasm-kernel-calls';

// The masks of gradients (clipByValue / ReLU6, dropout, maxima) run these ops over whole
// activations; the stock wasm kernels take their generic broadcasting path even for a scalar
// bound and cost more than the convolutions (EfficientNet-Lite: ~60% of a step). The C kernels
// (csrc/elementwise.c) take same-shape operands or a scalar one; anything else is stock.

type Backend = KernelArgs['backend'];

/**
 * [big, small, swapped, output shape] when the operands are the same shape or one has one
 * element (the output takes the broadcast shape: `[]` against `[1]` is `[1]`).
 */
function pairOf(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
): [tf.TensorInfo, tf.TensorInfo, boolean, number[]] | undefined {
  const na = tf.util.sizeFromShape(a.shape);
  const nb = tf.util.sizeFromShape(b.shape);
  if (!tf.util.arraysEqual(a.shape, b.shape) && na !== 1 && nb !== 1) return undefined;
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  return nb === 1 ? [a, b, false, shape] : [b, a, true, shape];
}

const COMPARE_OPS: Record<string, [op: number, mirrored: number]> = {
  [tf.GreaterEqual]: [0, 1],
  [tf.LessEqual]: [1, 0],
  [tf.Greater]: [2, 3],
  [tf.Less]: [3, 2],
  [tf.Equal]: [4, 4],
  [tf.NotEqual]: [5, 5],
};

function compareKernel(name: string): tf.KernelFunc {
  const [op, mirrored] = COMPARE_OPS[name] as [number, number];
  return ((args: KernelArgs) => {
    const { backend } = args;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const rt = kernelRuntime(backend);
    const pair = pairOf(a, b);
    if (!rt || !pair || a.dtype !== 'float32' || b.dtype !== 'float32') return runStock(name, args);
    const [big, small, swapped, shape] = pair;
    const out = backend.makeOutput(shape, 'bool');
    const n = tf.util.sizeFromShape(shape);
    const scalar = tf.util.sizeFromShape(small.shape) === 1 && n !== 1 ? 1 : 0;
    rt.exports.compare_f32(
      rt.pool,
      swapped ? mirrored : op,
      at(backend, big),
      at(backend, small),
      at(backend, out),
      n,
      scalar,
    );
    return out;
  }) as unknown as tf.KernelFunc;
}

function logicalKernel(name: string, or: boolean): tf.KernelFunc {
  return ((args: KernelArgs) => {
    const { backend } = args;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const rt = kernelRuntime(backend);
    const pair = pairOf(a, b);
    if (!rt || !pair || a.dtype !== 'bool' || b.dtype !== 'bool') return runStock(name, args);
    const [big, small, , shape] = pair;
    const out = backend.makeOutput(shape, 'bool');
    const n = tf.util.sizeFromShape(shape);
    const scalar = tf.util.sizeFromShape(small.shape) === 1 && n !== 1 ? 1 : 0;
    rt.exports.logical_u8(
      rt.pool,
      or ? 1 : 0,
      at(backend, big),
      at(backend, small),
      at(backend, out),
      n,
      scalar,
    );
    return out;
  }) as unknown as tf.KernelFunc;
}

function at(backend: Backend, t: tf.TensorInfo): number {
  return addressOf(backend, t);
}

function select(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { condition, t, e } = args.inputs as { condition: tf.TensorInfo; t: tf.TensorInfo; e: tf.TensorInfo };
  const rt: KernelRuntime | undefined = kernelRuntime(backend);
  const same = tf.util.arraysEqual(condition.shape, t.shape) && tf.util.arraysEqual(t.shape, e.shape);
  if (!rt || !same || condition.dtype !== 'bool' || t.dtype !== 'float32' || e.dtype !== 'float32')
    return runStock(tf.Select, args);
  const out = backend.makeOutput(t.shape, 'float32');
  rt.exports.select_f32(
    rt.pool,
    at(backend, condition),
    at(backend, t),
    at(backend, e),
    at(backend, out),
    tf.util.sizeFromShape(t.shape),
  );
  return out;
}

function cast(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  // To its own dtype (ReLU's gradient casts step(x), already float32): share the memory, as
  // Identity does, instead of the stock copy.
  if (x.dtype === dtype && dtype !== 'string' && dtype !== 'complex64') return shareMemory(backend, x);
  const rt = kernelRuntime(backend);
  if (!rt || x.dtype !== 'bool' || dtype !== 'float32') return runStock(tf.Cast, args);
  const out = backend.makeOutput(x.shape, 'float32');
  rt.exports.bool_to_f32(rt.pool, at(backend, x), at(backend, out), tf.util.sizeFromShape(x.shape));
  return out;
}

const config = (kernelName: string, kernelFunc: tf.KernelFunc): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc,
});

/**
 * Comparisons, logical and/or, Select and bool → float32 Cast on wasm (C, SIMD, threads); a Cast
 * to the same dtype shares memory.
 */
export const elementwiseConfigs: readonly tf.KernelConfig[] = [
  ...Object.keys(COMPARE_OPS).map((name) => config(name, compareKernel(name))),
  config(tf.LogicalAnd, logicalKernel(tf.LogicalAnd, false)),
  config(tf.LogicalOr, logicalKernel(tf.LogicalOr, true)),
  config(tf.Select, select as unknown as tf.KernelFunc),
  config(tf.Cast, cast as unknown as tf.KernelFunc),
];
