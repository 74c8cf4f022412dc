import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from './create-model';
import { simpleCnn } from './simple-cnn';

describe('createModel', () => {
  it('builds the named model: the same weights as its builder for a seed, freed by dispose', () => {
    const options = {
      inputShape: [16, 16, 3] as [number, number, number],
      numClasses: 4,
      widths: [4, 8],
      seed: 5,
    };
    const before = tf.memory().numTensors;
    const byName = createModel('simpleCnn', options);
    const direct = simpleCnn(options);
    expect(byName.countParams()).toBe(direct.countParams());
    const a = byName.getWeights();
    const b = direct.getWeights();
    expect(a.length).toBeGreaterThan(0);
    a.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
    const y = tf.tidy(() => byName.apply(tf.zeros([2, 16, 16, 3])) as tf.Tensor);
    expect(y.shape).toEqual([2, 4]);
    y.dispose();
    byName.dispose();
    direct.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('knows every classifier builder and refuses other names, listing them', () => {
    expect([...MODEL_NAMES]).toEqual([
      'simpleCnn',
      'resnet',
      'seResNeXt',
      'efficientNetLite',
      'vitTiny',
      'swinTiny',
    ]);
    let err: unknown = null;
    try {
      createModel('resnet50' as 'resnet', { inputShape: [16, 16, 1], numClasses: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TricksError);
    expect((err as TricksError).message).toBe(
      "createModel: argument 'name' expected one of 'simpleCnn', 'resnet', 'seResNeXt', 'efficientNetLite', 'vitTiny', 'swinTiny', got \"resnet50\"",
    );
    expect(() => createModel('simpleCnn', null as never)).toThrow(/createModel: argument 'options'/);
  });
});
