import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam';
import { type ApplyIfFiniteState, applyIfFinite } from './apply-if-finite';
import { stateToJson } from './optimizer-state';
import { TricksOptimizer } from './tricks-optimizer';

describe('applyIfFinite', () => {
  it('leaves weights bit-identical and the inner state untouched on a NaN or Inf gradient, and counts', () => {
    const w = tf.variable(
      tf.tensor2d([
        [0.5, -1.5],
        [2, 0.25],
      ]),
      true,
      'aif/w',
    );
    const opt = new TricksOptimizer(applyIfFinite(adam({ learningRate: 0.1 })));
    const good = tf.tensor2d([
      [0.1, 0.2],
      [-0.3, 0.4],
    ]);
    opt.applyGradients({ [w.name]: good });
    const bits = new Uint32Array(w.dataSync().slice().buffer);
    const innerBefore = JSON.stringify(stateToJson((opt.currentState as ApplyIfFiniteState).inner));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const g = tf.tensor2d([
        [0.1, bad],
        [0.2, 0.3],
      ]);
      opt.applyGradients({ [w.name]: g });
      g.dispose();
      expect(new Uint32Array(w.dataSync().slice().buffer)).toEqual(bits);
    }
    const s = opt.currentState as ApplyIfFiniteState;
    expect(s.notFiniteCount).toBe(3);
    expect(s.totalNotFinite).toBe(3);
    expect(JSON.stringify(stateToJson(s.inner))).toBe(innerBefore);
    expect(opt.step).toBe(1);
    opt.applyGradients({ [w.name]: good });
    expect((opt.currentState as ApplyIfFiniteState).notFiniteCount).toBe(0);
    expect((opt.currentState as ApplyIfFiniteState).totalNotFinite).toBe(3);
    expect(opt.step).toBe(2);
    opt.dispose();
    tf.dispose([w, good]);
  });
});
