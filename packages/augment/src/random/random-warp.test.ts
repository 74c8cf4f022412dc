import * as tf from '@tensorflow/tfjs-core';
import { createRng, oneHot, TricksError } from '@tftricks/core';
import { disposeAll, expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { augment } from '../base/augment';
import { affine } from '../geometric/affine';
import { perspective } from '../geometric/perspective';
import { rotate } from '../geometric/rotate';
import { randomAffine } from './random-affine';
import { randomPerspective } from './random-perspective';
import { randomRotation } from './random-rotation';

const N = 4;
function makeBatch() {
  const rng = createRng(21);
  const data = Float32Array.from({ length: N * 8 * 8 * 3 }, () => rng.uniform());
  return { images: tf.tensor4d(data, [N, 8, 8, 3]), targets: oneHot([0, 1, 0, 1], 2) };
}
const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('randomAffine / randomRotation / randomPerspective', () => {
  it('randomAffine draws torchvision ranges and equals affine() with the recorded values', async () => {
    const batch = makeBatch();
    const aug = randomAffine({
      degrees: 30,
      translate: [0.25, 0.125],
      scale: [0.8, 1.2],
      shear: [-10, 10, -5, 5],
      interpolation: 'bilinear',
    });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(2)), 'randomAffine');
    for (const v of out.params.values) {
      expect(Math.abs(v.angle)).toBeLessThanOrEqual(30);
      expect(Math.abs(v.translate[0])).toBeLessThanOrEqual(2);
      expect(Math.abs(v.translate[1])).toBeLessThanOrEqual(1);
      expect(Number.isInteger(v.translate[0]) && Number.isInteger(v.translate[1])).toBe(true);
      expect(v.scale).toBeGreaterThanOrEqual(0.8);
      expect(v.scale).toBeLessThanOrEqual(1.2);
      expect(Math.abs(v.shear[1])).toBeLessThanOrEqual(5);
    }
    const ref = affine(batch.images, {
      angle: out.params.values.map((v) => v.angle),
      translate: out.params.values.map((v) => v.translate),
      scale: out.params.values.map((v) => v.scale),
      shear: out.params.values.map((v) => v.shear),
      interpolation: 'bilinear',
    });
    expect(values(out.batch.images)).toEqual(values(ref));
    const replay = aug.apply(batch, JSON.parse(JSON.stringify(out.params)));
    expect(values(replay.images)).toEqual(values(out.batch.images));
    disposeAll([batch, out.batch, ref, replay]);
  });

  it('zero ranges give the input back; p = 0 too', () => {
    const batch = makeBatch();
    const id = augment(randomAffine({ degrees: 0 }), batch, createRng(1));
    const rot0 = augment(randomRotation({ degrees: 0 }), batch, createRng(1));
    const off = augment(randomPerspective({ p: 0 }), batch, createRng(1));
    for (const out of [id, rot0, off]) expect(values(out.batch.images)).toEqual(values(batch.images));
    disposeAll([batch, id.batch, rot0.batch, off.batch]);
  });

  it('randomRotation equals rotate() with the recorded angles, and the same seed replays', async () => {
    const batch = makeBatch();
    const aug = randomRotation({ degrees: [-45, 45], interpolation: 'bilinear', fill: [1, 1, 1] });
    const a = await expectNoLeaks(() => augment(aug, batch, createRng(6)), 'randomRotation');
    const b = augment(aug, batch, createRng(6));
    const ref = rotate(
      batch.images,
      a.params.values.map((v) => v.angle),
      { interpolation: 'bilinear', fill: [1, 1, 1] },
    );
    expect(values(a.batch.images)).toEqual(values(ref));
    expect(values(b.batch.images)).toEqual(values(a.batch.images));
    const v = values(a.batch.images);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1 + 1e-6);
    disposeAll([batch, a.batch, b.batch, ref]);
  });

  it('randomPerspective moves corners inside torchvision bounds; p = 1 always warps', async () => {
    const batch = makeBatch();
    const aug = randomPerspective({ distortionScale: 0.5, p: 1 });
    const out = await expectNoLeaks(() => augment(aug, batch, createRng(3)), 'randomPerspective');
    expect(out.params.applied.every(Boolean)).toBe(true);
    for (const { endpoints } of out.params.values) {
      // half = 4, distortion 0.5 → corners move by at most 2 pixels inward.
      const [tl, tr, br, bl] = endpoints;
      expect(tl[0] <= 2 && tl[1] <= 2 && tr[0] >= 5 && tr[1] <= 2).toBe(true);
      expect(br[0] >= 5 && br[1] >= 5 && bl[0] <= 2 && bl[1] >= 5).toBe(true);
    }
    const ref = perspective(
      batch.images,
      out.params.values.map((v) => v.startpoints),
      out.params.values.map((v) => v.endpoints),
      { interpolation: 'bilinear' },
    );
    expect(values(out.batch.images)).toEqual(values(ref));
    disposeAll([batch, out.batch, ref]);
  });

  it('refuses bad options', () => {
    expect(() => randomAffine({ degrees: -1 })).toThrow(TricksError);
    expect(() => randomAffine({ degrees: 0, translate: [2, 0] })).toThrow(/options.translate/);
    expect(() => randomRotation({ degrees: 10, fill: [0, 0] })).toThrow(/options.fill/);
    expect(() => randomPerspective({ distortionScale: 2 })).toThrow(/options.distortionScale/);
  });
});
