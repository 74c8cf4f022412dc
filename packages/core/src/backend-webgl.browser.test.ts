import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

describe('browser suite', () => {
  it('really runs on WebGL (no silent fallback to cpu)', () => {
    expect(tf.getBackend()).toBe('webgl');
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
    const gl = backend.gpgpu?.gl;
    expect(gl).toBeDefined();
    expect(gl!.getParameter(gl!.VERSION)).toMatch(/WebGL 2/);
    // A real kernel result read back from a texture.
    const y = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([1, 0, 0, 1], [2, 2]));
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
  });
});
