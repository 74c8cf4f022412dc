import * as tf from '@tensorflow/tfjs-core';
import { overrideGradient, wasmKernelsActive } from './gradient-override';

// tfjs-core's gradients of Mean and Sum build dy's full-size broadcast as
// mul(reshape(dy), ones(x.shape)) — a Fill of ones and a broadcast Multiply over the whole
// activation — and Mean then divides it by the reduced size in another full pass (squeeze-
// excitation blocks and global average pooling: every SE block of a seResNeXt). On wasm with
// these kernels it is broadcastTo(reshape(dy) [÷ size]): the division on the small tensor, then
// one broadcast pass (tile.ts). Bit for bit the same: dy · 1 is dy, and each element is divided
// once by the same size.

/** x's shape with the reduced axes set to 1: what dy reshapes to before the broadcast. */
function expandedShape(x: tf.Tensor, axis: number | number[]): number[] {
  const shape = x.shape.slice();
  for (const a of tf.util.parseAxisParam(axis, x.shape)) shape[a] = 1;
  return shape;
}

/**
 * Routes the gradients of Mean and Sum through one broadcast pass where the active backend is
 * wasm with this package's kernels; elsewhere tfjs-core's own gradient runs. Idempotent.
 */
export function installBroadcastReductionGradients(): void {
  for (const name of [tf.Mean, tf.Sum]) {
    const mean = name === tf.Mean;
    overrideGradient(name, (dy, x, attrs) => {
      if (dy.dtype !== 'float32' || x.dtype !== 'float32' || !wasmKernelsActive()) return undefined;
      const shape = expandedShape(x, (attrs as unknown as { axis: number | number[] }).axis);
      const reduced = x.size / tf.util.sizeFromShape(shape);
      return () => {
        const small = tf.reshape(dy, shape);
        return tf.broadcastTo(mean ? tf.div(small, reduced) : small, x.shape);
      };
    });
  }
}
