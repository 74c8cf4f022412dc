import g from '@golden/augment/geometric.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { hflip } from './hflip';
import { vflip } from './vflip';

const images = () => tf.tensor4d(g.images, g.shape as [number, number, number, number]);

describe('hflip / vflip', () => {
  it('match torchvision exactly', async () => {
    const x = images();
    const h = await expectNoLeaks(() => hflip(x), 'hflip');
    const v = await expectNoLeaks(() => vflip(x), 'vflip');
    expect(Array.from(h.dataSync())).toEqual(Array.from(Float32Array.from(g.hflip)));
    expect(Array.from(v.dataSync())).toEqual(Array.from(Float32Array.from(g.vflip)));
    tf.dispose([x, h, v]);
  });

  it('are involutions: hflip∘hflip = id, vflip∘vflip = id', () => {
    const x = images();
    const hh = tf.tidy(() => hflip(hflip(x)));
    const vv = tf.tidy(() => vflip(vflip(x)));
    expect(Array.from(hh.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(vv.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, hh, vv]);
  });

  it('refuses bad images with a TricksError', () => {
    const rank3 = tf.zeros([4, 4, 3]);
    const ints = tf.zeros([1, 4, 4, 3], 'int32');
    const big = tf.fill([1, 2, 2, 3], 2);
    const empty = tf.zeros([0, 4, 4, 3]);
    expect(() => hflip(rank3 as tf.Tensor4D)).toThrow(TricksError);
    expect(() => hflip(ints as tf.Tensor4D)).toThrow(/hflip: argument 'images' expected dtype float32/);
    expect(() => vflip(big as tf.Tensor4D)).toThrow(/values in \[0, 1\]/);
    expect(() => vflip(empty as tf.Tensor4D)).toThrow(/non-empty batch/);
    tf.dispose([rank3, ints, big, empty]);
  });
});
