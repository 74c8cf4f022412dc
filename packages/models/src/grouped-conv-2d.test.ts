import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { GroupedConv2D } from './grouped-conv-2d';

describe('GroupedConv2D', () => {
  it('equals a dense conv with the block-diagonal kernel', async () => {
    const g = 2;
    const layer = new GroupedConv2D({ filters: 4, kernelSize: 3, groups: g, strides: 2, seed: 1 });
    const x = tf.randomUniform([2, 6, 6, 4], -1, 1, 'float32', 3) as tf.Tensor4D;
    (layer.apply(x) as tf.Tensor).dispose(); // builds the kernel (a weight, not a leak)
    const y = await expectNoLeaks(() => layer.apply(x) as tf.Tensor);
    expect(y.shape).toEqual([2, 3, 3, 4]);
    expect(layer.countParams()).toBe(3 * 3 * 2 * 4);
    // Build [3, 3, 4, 4] with zeros off the diagonal blocks.
    const k = layer.getWeights()[0]!.arraySync() as number[][][][];
    const full = k.map((row) =>
      row.map((col) =>
        Array.from({ length: 4 }, (_, ci) =>
          Array.from({ length: 4 }, (_, co) =>
            Math.floor(ci / 2) === Math.floor(co / 2) ? col[ci % 2]![co]! : 0,
          ),
        ),
      ),
    );
    const ref = tf.conv2d(x, tf.tensor4d(full), 2, 'same');
    const diff = tf.max(tf.abs(tf.sub(ref, y)));
    expect(diff.dataSync()[0]!).toBeLessThan(1e-5);
    tf.dispose([x, y, ref, diff]);
  });

  it('rejects channels not divisible by groups', () => {
    expect(() => new GroupedConv2D({ filters: 6, kernelSize: 3, groups: 4 })).toThrow(
      /args.filters' expected a multiple of groups = 4, got 6/,
    );
    const layer = new GroupedConv2D({ filters: 4, kernelSize: 3, groups: 4 });
    expect(() => layer.apply(tfl.input({ shape: [4, 4, 6] }))).toThrow(/channels divisible by groups = 4/);
  });
});
