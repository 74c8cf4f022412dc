import g from '@golden/augment/geometric.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { affine } from './affine';
import type { Quad } from './perspective';
import { perspective } from './perspective';
import { rotate } from './rotate';

const [N, H, W] = g.shape as [number, number, number, number];
const images = () => tf.tensor4d(g.images, g.shape as [number, number, number, number]);

/** Max |a − b| over pixels at least `margin` away from the border. */
function interiorError(a: ArrayLike<number>, b: ArrayLike<number>, margin = 1): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.floor(i / 3) % W;
    const y = Math.floor(i / 3 / W) % H;
    if (x < margin || y < margin || x >= W - margin || y >= H - margin) continue;
    m = Math.max(m, Math.abs(a[i]! - b[i]!));
  }
  return m;
}

function matchFraction(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) < 1e-6) same++;
  return same / a.length;
}

const affineOptions = (interpolation: 'nearest' | 'bilinear') => {
  const p = g.affine_bilinear.params;
  return {
    angle: p.map((q) => q.angle),
    translate: p.map((q) => q.translate as [number, number]),
    scale: p.map((q) => q.scale),
    shear: p.map((q) => q.shear as [number, number]),
    center: p.map((q) =>
      'center' in q ? (q.center as [number, number]) : ([W / 2, H / 2] as [number, number]),
    ),
    interpolation,
  };
};

describe('affine', () => {
  it('matches torchvision F.affine (bilinear, per-image parameters) within 2/255', async () => {
    const x = images();
    const out = await expectNoLeaks(() => affine(x, affineOptions('bilinear')), 'affine');
    expect(out.shape).toEqual(x.shape);
    expect(interiorError(out.dataSync(), g.affine_bilinear.out)).toBeLessThanOrEqual(2 / 255);
    tf.dispose([x, out]);
  });

  it('matches torchvision F.affine (nearest) on ≥ 97% of values', () => {
    const x = images();
    const out = affine(x, affineOptions('nearest'));
    expect(matchFraction(out.dataSync(), g.affine_nearest.out)).toBeGreaterThanOrEqual(0.97);
    tf.dispose([x, out]);
  });

  it('identity parameters give the input back; outputs stay in [0, 1]', () => {
    const x = images();
    const id = affine(x, { angle: 0, interpolation: 'bilinear' });
    expect(interiorError(id.dataSync(), x.dataSync(), 0)).toBeLessThanOrEqual(1e-6);
    const out = affine(x, { angle: 40, scale: 0.7, fill: [1, 0.5, 0], interpolation: 'bilinear' });
    const v = out.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1 + 1e-6);
    // A corner pixel maps far outside at scale 0.7 and 40°: it is exactly the fill colour.
    expect(Array.from(v.slice(0, 3)).map((c) => Math.round(c * 1e5) / 1e5)).toEqual([1, 0.5, 0]);
    tf.dispose([x, id, out]);
  });

  it('refuses bad options with a TricksError', () => {
    const x = images();
    expect(() => affine(x, { angle: [1, 2] })).toThrow(
      /affine: argument 'options.angle' expected 3 per-sample values/,
    );
    expect(() => affine(x, { angle: 0, scale: 0 })).toThrow(/options.scale/);
    expect(() => affine(x, { angle: 0, fill: 2 })).toThrow(/options.fill/);
    expect(() => affine(x, { angle: 0, fill: [0, 0] })).toThrow(TricksError);
    expect(() => affine(x, { angle: 0, interpolation: 'cubic' as 'nearest' })).toThrow(
      /options.interpolation/,
    );
    x.dispose();
  });
});

describe('rotate', () => {
  it('matches torchvision F.rotate (bilinear) within 2/255', async () => {
    const x = images();
    const p = g.rotate_bilinear.params;
    const centers = p.map((q) =>
      'center' in q ? (q.center as [number, number]) : ([W / 2, H / 2] as [number, number]),
    );
    const out = await expectNoLeaks(
      () =>
        rotate(
          x,
          p.map((q) => q.angle),
          { center: centers, interpolation: 'bilinear' },
        ),
      'rotate',
    );
    expect(interiorError(out.dataSync(), g.rotate_bilinear.out)).toBeLessThanOrEqual(2 / 255);
    tf.dispose([x, out]);
  });

  it('rotate by 0 is the identity, rotate by 360 too (nearest)', () => {
    const x = images();
    const a = rotate(x, 0);
    const b = rotate(x, 360);
    expect(Array.from(a.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(interiorError(b.dataSync(), x.dataSync(), 0)).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, a, b]);
  });
});

describe('perspective', () => {
  it('matches torchvision F.perspective (bilinear, per-image quads) within 2/255', async () => {
    const x = images();
    const p = g.perspective_bilinear.params;
    const out = await expectNoLeaks(
      () =>
        perspective(
          x,
          p.map((q) => q.startpoints as unknown as Quad),
          p.map((q) => q.endpoints as unknown as Quad),
          { interpolation: 'bilinear' },
        ),
      'perspective',
    );
    expect(interiorError(out.dataSync(), g.perspective_bilinear.out)).toBeLessThanOrEqual(2 / 255);
    tf.dispose([x, out]);
  });

  it('equal start and end points give the identity; a degenerate quad is refused', () => {
    const x = images();
    const q: Quad = [
      [0, 0],
      [15, 0],
      [15, 11],
      [0, 11],
    ];
    const out = perspective(x, q, q, { interpolation: 'bilinear' });
    expect(interiorError(out.dataSync(), x.dataSync(), 0)).toBeLessThanOrEqual(1e-5);
    const flat: Quad = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ];
    expect(() => perspective(x, q, flat)).toThrow(TricksError);
    expect(N).toBe(3);
    tf.dispose([x, out]);
  });
});
