import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, setupBackend } from '@tftricks/core';
import { maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues } from '../test/cpu-reference';
import { batchNormTraining } from './batch-norm-training';
import { kernelRuntime } from './kernel-runtime';
import { registerThreadedWasmBackend, threadedWasmAvailable, xnnpackThreads } from './threaded-wasm-backend';
import { setupWasmTrain, wasmTrain } from './wasm-train-extension';

/**
 * Outputs and gradients of a conv (stride 2) → BatchNorm → ReLU → SE gate → 3×3 conv (stride 1:
 * the Winograd kernels) → pool → dense step, as flat arrays.
 */
function step(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(1, 16 * 14 * 14 * 8), [16, 14, 14, 8]);
    const w = tf.tensor4d(
      randomValues(2, 3 * 3 * 8 * 32).map((v) => v * 0.3),
      [3, 3, 8, 32],
    );
    const g = tf.tensor1d(randomValues(3, 32).map((v) => 1 + 0.3 * v));
    const b = tf.tensor1d(randomValues(4, 32));
    const v = tf.tensor2d(randomValues(5, 16 * 10), [16, 10]);
    const w2 = tf.tensor4d(
      randomValues(6, 3 * 3 * 32 * 16).map((v) => v * 0.2),
      [3, 3, 32, 16],
    );
    const loss = (xx: tf.Tensor, ww: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor, ww2: tf.Tensor) => {
      const h = tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same');
      const r = tf.relu(batchNormTraining(h, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-5).y);
      // A squeeze-excitation gate: the broadcast Multiply [16, 7, 7, 32] × [16, 1, 1, 32].
      const n = tf.mul(r, tf.sigmoid(tf.mean(r, [1, 2], true)));
      const h2 = tf.conv2d(n as tf.Tensor4D, ww2 as tf.Tensor4D, 1, 'same');
      return tf.mean(tf.square(tf.matMul(tf.mean(h2, [1, 2]) as tf.Tensor2D, v))) as tf.Scalar;
    };
    const grads = tf.grads(loss)([x, w, g, b, w2]);
    return [loss(x, w, g, b, w2), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe.runIf(threadedWasmAvailable())('tfjs-backend-wasm threaded in Node (setupBackend threads)', () => {
  afterAll(async () => {
    await setupBackend('wasm', { wasm: wasmTrain });
  });

  it('runs the C kernels on 2 threads (XNNPACK on 1, or on 2), and gives the single-threaded numbers', async () => {
    await setupBackend('wasm', { wasm: wasmTrain, threads: 2 });
    expect(backendInfo()).toMatchObject({ name: 'wasm', threads: 2, extension: '@tftricks/wasm-train' });
    expect(xnnpackThreads()).toBe(1);
    const rt = kernelRuntime(tf.backend() as never);
    expect(rt?.threads).toBe(2);
    // The pool's worker boots asynchronously; give it time so the threaded path is exercised.
    await new Promise((r) => setTimeout(r, 200));
    const threaded = step();
    await setupWasmTrain({ threads: 2, xnnpackThreads: 2 });
    expect(backendInfo()).toMatchObject({ name: 'wasm', threads: 2 });
    expect(xnnpackThreads()).toBe(2);
    expect(kernelRuntime(tf.backend() as never)?.threads).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    const bothThreaded = step();
    await setupBackend('wasm', { wasm: wasmTrain, threads: 1 });
    expect(backendInfo()).toMatchObject({ name: 'wasm', threads: 1 });
    expect(xnnpackThreads()).toBe(1);
    expect(kernelRuntime(tf.backend() as never)?.threads).toBe(1);
    const single = step();
    for (const run of [threaded, bothThreaded])
      run.forEach((t, i) =>
        expect(maxRelativeError(t, single[i] as Float32Array, PARITY), `output ${i}`).toBeLessThanOrEqual(
          1e-6,
        ),
      );
  });

  it('rejects an XNNPACK share outside [1, threads]', () => {
    for (const bad of [0, 3, 1.5])
      expect(() => registerThreadedWasmBackend(2, { xnnpackThreads: bad })).toThrow(
        `registerThreadedWasmBackend: argument 'options.xnnpackThreads' expected an integer in [1, 2], got ${bad}`,
      );
  });
});
