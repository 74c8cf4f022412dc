import * as tf from '@tensorflow/tfjs-core';
import { broadcastOver } from './binary-arithmetic';
import { addressOf, kernelRuntime } from './kernel-runtime';
import { type KernelArgs, runStock } from './wasm-kernel-calls';

// Tile of float32 where it is a broadcast — every repeated axis has size 1 in x, and those axes
// are one contiguous run (tf.broadcastTo, and the Mean / Sum gradients of reduction-gradients.ts:
// [N, 1, 1, C] to [N, H, W, C]) — as one pass of csrc/elementwise.c `arith_f32` (AR_SMALL) on
// wasm-train's threads. The stock kernel's generic index loop runs everything else.

/** `arith_f32`'s op code that copies the broadcast operand (csrc/elementwise.c AR_SMALL). */
const AR_SMALL = 6;

function tile(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { reps } = args.attrs as unknown as tf.TileAttrs;
  const rt = kernelRuntime(backend);
  const shape = x.shape.map((s, k) => s * (reps[k] as number));
  // Defined only where each axis is repeated once or has size 1 in x, on one run: a broadcast.
  const cast = x.dtype === 'float32' ? broadcastOver(shape, x.shape) : undefined;
  if (!rt || !cast) return runStock(tf.Tile, args);
  const out = backend.makeOutput(shape, 'float32');
  const n = tf.util.sizeFromShape(shape);
  if (n === 0) return out;
  const o = addressOf(backend, out);
  rt.exports.arith_f32(rt.pool, AR_SMALL, o, addressOf(backend, x), o, n, cast.mode, cast.mid, cast.inner);
  return out;
}

/** `Tile` on wasm: broadcasts of float32 by the C kernel, else the stock kernel. */
export const tileConfig: tf.KernelConfig = {
  kernelName: tf.Tile,
  backendName: 'wasm',
  kernelFunc: tile as unknown as tf.KernelFunc,
};
