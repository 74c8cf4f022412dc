import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradientsRegistered } from './backend-gradients';
import { setupBackend } from './backend-setup';
import { TricksError } from './tricks-error';

describe('setupBackend', () => {
  it('the test project runs on the backend it claims, with gradients registered', async () => {
    const name = tf.getBackend();
    expect(['cpu', 'wasm', 'webgl', 'webgpu']).toContain(name);
    // Re-selecting the active backend is idempotent and returns its name.
    expect(await setupBackend(name as 'cpu')).toBe(name);
    expect(gradientsRegistered()).toBe(true);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2]));
    expect(Array.from(g.dataSync())).toEqual([2, -4]);
  });

  it('rejects an unknown backend name', async () => {
    await expect(setupBackend('gpu' as never)).rejects.toThrow(TricksError);
  });

  it('throws a TricksError for a backend that is not installed', async () => {
    const before = tf.getBackend();
    await expect(setupBackend('tensorflow')).rejects.toThrow(/setupBackend: argument 'prefer'/);
    expect(tf.getBackend()).toBe(before);
  });
});
