import * as tf from '@tensorflow/tfjs-core';
import { kernelRuntime } from './kernel-runtime';
import type { KernelArgs } from './wasm-kernel-calls';

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

function fusedFor(dy: tf.Tensor, x: tf.Tensor): boolean {
  if (tf.getBackend() !== 'wasm' || dy.dtype !== 'float32' || x.dtype !== 'float32') return false;
  return kernelRuntime(tf.backend() as unknown as KernelArgs['backend']) !== undefined;
}

const installed = new Map<string, tf.GradConfig>();

/**
 * Routes the gradients of Mean and Sum through one broadcast pass where the active backend is
 * wasm with this package's kernels; elsewhere tfjs-core's own gradient runs. Idempotent.
 */
export function installBroadcastReductionGradients(): void {
  for (const name of [tf.Mean, tf.Sum]) {
    const current = tf.getGradient(name);
    if (!current || current === installed.get(name)) continue;
    const stock = current;
    const mean = name === tf.Mean;
    const config: tf.GradConfig = {
      kernelName: name,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const [x] = saved as [tf.Tensor];
        const g = dy as tf.Tensor;
        if (!fusedFor(g, x)) return stock.gradFunc(dy, saved, attrs);
        const { axis } = attrs as unknown as { axis: number | number[] };
        const shape = expandedShape(x, axis);
        const reduced = x.size / tf.util.sizeFromShape(shape);
        return {
          x: () => {
            const small = tf.reshape(g, shape);
            return tf.broadcastTo(mean ? tf.div(small, reduced) : small, x.shape);
          },
        };
      },
    };
    tf.registerGradient(config);
    installed.set(name, config);
  }
}
