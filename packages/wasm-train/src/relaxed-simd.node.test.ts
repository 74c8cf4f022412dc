import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, setupBackend } from '@tftricks/core';
import { maxRelativeError } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { PARITY, randomValues } from '../test/cpu-reference';
import { relaxedSimdMode, useRelaxedSimd } from './relaxed-simd';
import { threadedWasmAvailable } from './threaded-wasm-backend';
import { relaxedSimdActive, setupWasmTrain, wasmTrain } from './wasm-train-extension';

/**
 * Loss and gradients of a step through every kernel family relaxed SIMD changes: a 3×3 stem
 * (direct forward, 1 input channel), a 3×3 stride-1 layer (Winograd forward and dx; direct dW),
 * a depthwise layer (forward, dx, dW) and a 1×1 layer (direct GEMMs), as flat arrays.
 */
function step(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(11, 8 * 12 * 12 * 1), [8, 12, 12, 1]);
    const w1 = tf.tensor4d(randomValues(12, 3 * 3 * 1 * 16), [3, 3, 1, 16]);
    const w2 = tf.tensor4d(
      randomValues(13, 3 * 3 * 16 * 16).map((v) => v * 0.3),
      [3, 3, 16, 16],
    );
    const wd = tf.tensor4d(randomValues(14, 3 * 3 * 16 * 1), [3, 3, 16, 1]);
    const w3 = tf.tensor4d(
      randomValues(15, 16 * 24).map((v) => v * 0.3),
      [1, 1, 16, 24],
    );
    const loss = (xx: tf.Tensor, a: tf.Tensor, b: tf.Tensor, d: tf.Tensor, c: tf.Tensor) => {
      let h = tf.relu(tf.conv2d(xx as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'));
      h = tf.relu(tf.conv2d(h, b as tf.Tensor4D, 1, 'same'));
      h = tf.relu(tf.depthwiseConv2d(h, d as tf.Tensor4D, 2, 'same'));
      h = tf.conv2d(h, c as tf.Tensor4D, 1, 'valid');
      return tf.mean(tf.square(h)) as tf.Scalar;
    };
    const grads = tf.grads(loss)([x, w1, w2, wd, w3]);
    return [loss(x, w1, w2, wd, w3), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe('relaxed SIMD (fused multiply-adds in the C convolutions)', () => {
  afterAll(async () => {
    useRelaxedSimd('auto');
    await setupBackend('wasm', { wasm: wasmTrain });
  });

  it("is on by default where the engine has it (Node ≥ 20.16 through V8's flag)", async () => {
    expect(relaxedSimdMode()).toBe('auto');
    await setupBackend('wasm', { wasm: wasmTrain, threads: 1 });
    // Node 20.16+ (process.getBuiltinModule reaches node:v8 for the flag); Node 22 has it on.
    expect(relaxedSimdActive()).toBe(true);
  });

  it.each([1, 2])(
    'gives the baseline build and the cpu backend the same step within 1e-5 and 1e-4 (%i threads)',
    async (threads) => {
      if (threads > 1 && !threadedWasmAvailable()) return;
      await tf.setBackend('cpu');
      const ref = step();
      await setupWasmTrain({ threads, relaxedSimd: false });
      expect(relaxedSimdActive()).toBe(false);
      expect(backendInfo().threads).toBe(threads);
      const baseline = step();
      await setupWasmTrain({ threads, relaxedSimd: 'auto' });
      expect(relaxedSimdActive()).toBe(true);
      const fused = step();
      // Fused multiply-adds round once where the baseline rounds twice (x86 FMA3, arm64 fmla),
      // so the builds differ somewhere: the fused one really ran.
      expect(fused.some((t, i) => t.some((v, j) => v !== baseline[i]?.[j]))).toBe(true);
      fused.forEach((t, i) => {
        expect(
          maxRelativeError(t, baseline[i] as Float32Array, PARITY),
          `vs baseline, output ${i}`,
        ).toBeLessThan(1e-5);
        expect(maxRelativeError(t, ref[i] as Float32Array, PARITY), `vs cpu, output ${i}`).toBeLessThan(1e-4);
      });
    },
  );

  it('rejects a mode that is not auto, true or false', () => {
    expect(() => useRelaxedSimd('on' as never)).toThrow(
      "useRelaxedSimd: argument 'mode' expected 'auto', true or false, got \"on\"",
    );
    expect(relaxedSimdMode()).toBe('auto');
  });
});
