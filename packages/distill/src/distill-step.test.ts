import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import type { ImageDataset } from '@tftricks/data';
import { describe, expect, it } from 'vitest';
import { distillStep } from './distill-step';
import { precomputeSoftTargets, softTargetsFromBytes, softTargetsToBytes } from './precompute-soft-targets';

function model(units: number, seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [4, 4, 1] }),
      tfl.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

describe('distillStep', () => {
  it('moves the student toward the teacher, leaves the teacher untouched, and does not leak', async () => {
    const teacher = model(16, 1);
    const student = model(4, 7);
    const images = tf.randomUniform([8, 4, 4, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const teacherBefore = teacher.getWeights().map((w) => Array.from(w.dataSync()));
    const opt = tf.train.adam(0.05);
    const gap = () =>
      tf.tidy(
        () =>
          tf
            .sum(
              tf.abs(
                tf.sub(
                  tf.softmax(teacher.predict(images) as tf.Tensor2D),
                  tf.softmax(student.predict(images) as tf.Tensor2D),
                ),
              ),
            )
            .dataSync()[0]!,
      );
    const initialGap = gap();
    tf.dispose(
      distillStep({ student, teacher, optimizer: opt, images, targets: null, alpha: 1, temperature: 2 }),
    ); // creates Adam slots
    for (let i = 0; i < 30; i++) {
      const loss = await expectNoLeaks(() =>
        distillStep({ student, teacher, optimizer: opt, images, targets: null, alpha: 1, temperature: 2 }),
      );
      loss.dispose();
    }
    expect(gap()).toBeLessThan(initialGap * 0.5);
    teacher.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(teacherBefore[i]));
    expect(() =>
      distillStep({ student, teacher, optimizer: {} as tf.Optimizer, images, targets: null }),
    ).toThrow(TricksError);
    opt.dispose();
    images.dispose();
  });
});

describe('precomputeSoftTargets', () => {
  it('streams a dataset through the teacher in batches and round-trips through bytes', async () => {
    const n = 10;
    const pixels = new Uint8Array(n * 16);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
    const ds: ImageDataset = { pixels, labels: new Uint8Array(n), imageShape: [4, 4, 1], numClasses: 3 };
    const teacher = model(8, 2);
    const predict = (x: tf.Tensor4D) => teacher.predict(x) as tf.Tensor2D;
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const soft = await precomputeSoftTargets(predict, ds, {
      temperature: 3,
      batchSize: 4,
      onProgress: (d) => progress.push(d),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toEqual([4, 8, 10]);
    expect(soft.shape).toEqual([10, 3]);
    // Equal to softmax(logits / T) of the whole set at once.
    const all = tf.tidy(() =>
      tf.softmax(
        tf.div(predict(tf.div(tf.tensor4d(Float32Array.from(pixels), [n, 4, 4, 1]), 255) as tf.Tensor4D), 3),
      ),
    );
    const want = all.dataSync();
    soft.data.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    all.dispose();
    const back = softTargetsFromBytes(softTargetsToBytes(soft));
    expect(back.shape).toEqual([10, 3]);
    expect(back.temperature).toBe(3);
    expect(Array.from(back.data)).toEqual(Array.from(soft.data));
    expect(() => softTargetsFromBytes(softTargetsToBytes(soft).subarray(0, 20))).toThrow(TricksError);
  });
});
