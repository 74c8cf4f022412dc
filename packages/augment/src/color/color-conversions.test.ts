import golden from '@golden/augment/color.json';
import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { addAlpha } from './add-alpha';
import { hlsToRgb } from './hls-to-rgb';
import { hsvToRgb } from './hsv-to-rgb';
import { labToRgb } from './lab-to-rgb';
import { luvToRgb } from './luv-to-rgb';
import { rgbToGray } from './rgb-to-gray';
import { rgbToHls } from './rgb-to-hls';
import { rgbToHsv } from './rgb-to-hsv';
import { rgbToLab } from './rgb-to-lab';
import { rgbToLuv } from './rgb-to-luv';
import { rgbToXyz } from './rgb-to-xyz';
import { rgbToYcrcb } from './rgb-to-ycrcb';
import { rgbToYuv } from './rgb-to-yuv';
import { xyzToRgb } from './xyz-to-rgb';
import { ycrcbToRgb } from './ycrcb-to-rgb';
import { yuvToRgb } from './yuv-to-rgb';

interface Fixture {
  shape: number[];
  data: number[];
}
const tensor = (f: Fixture): tf.Tensor4D => tf.tensor4d(f.data, f.shape as [number, number, number, number]);

/** Max |a − b| per channel of two NHWC arrays; `circular[c]` wraps channel c with that period (hue). */
function maxErrorPerChannel(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: number,
  circular: (number | null)[] = [],
): number[] {
  const err = new Array<number>(c).fill(0);
  for (let i = 0; i < a.length; i++) {
    const ch = i % c;
    let d = Math.abs(a[i]! - b[i]!);
    const period = circular[ch];
    if (period) d = Math.min(d, period - d);
    err[ch] = Math.max(err[ch]!, d);
  }
  return err;
}

type Forward = (x: tf.Tensor4D) => tf.Tensor4D;
interface Space {
  name: 'hsv' | 'hls' | 'lab' | 'luv' | 'xyz' | 'ycrcb' | 'yuv';
  forward: Forward;
  inverse: Forward;
  /** Each channel's range; the tolerance is 1e-3 of it. */
  range: [number, number, number];
  circular?: (number | null)[];
  /** Fixture key of the forward reference when it is not `name`. */
  reference?: 'labExact';
}
const spaces: Space[] = [
  { name: 'hsv', forward: rgbToHsv, inverse: hsvToRgb, range: [360, 1, 1], circular: [360] },
  { name: 'hls', forward: rgbToHls, inverse: hlsToRgb, range: [360, 1, 1], circular: [360] },
  // OpenCV's float sRGB→Lab interpolates a 33³ LUT (off by up to 0.3); see the Lab test below.
  { name: 'lab', forward: rgbToLab, inverse: labToRgb, range: [100, 254, 254], reference: 'labExact' },
  { name: 'luv', forward: rgbToLuv, inverse: luvToRgb, range: [100, 354, 262] },
  { name: 'xyz', forward: rgbToXyz, inverse: xyzToRgb, range: [1, 1, 1] },
  { name: 'ycrcb', forward: rgbToYcrcb, inverse: ycrcbToRgb, range: [1, 1, 1] },
  { name: 'yuv', forward: rgbToYuv, inverse: yuvToRgb, range: [1, 1, 1] },
];

const rgb = tensor(golden.rgb);
afterAll(() => rgb.dispose());

describe('color conversions vs OpenCV 4.6 cvtColor (float32)', () => {
  it('rgbToGray matches COLOR_RGB2GRAY', async () => {
    const y = await expectNoLeaks(() => rgbToGray(rgb), 'rgbToGray');
    expect(y.shape).toEqual([4, 12, 12, 1]);
    const err = maxErrorPerChannel(y.dataSync(), golden.gray.data, 1);
    expect(err[0]).toBeLessThanOrEqual(1e-5);
    y.dispose();
  });

  for (const space of spaces) {
    it(`${space.name}: forward ≤ 1e-3 of range, inverse ≤ 1e-3, round trip ≤ 1e-4`, async () => {
      const y = await expectNoLeaks(() => space.forward(rgb), space.name);
      expect(y.shape).toEqual(rgb.shape);
      expect(y.dtype).toBe('float32');
      const err = maxErrorPerChannel(
        y.dataSync(),
        golden[space.reference ?? space.name].data,
        3,
        space.circular,
      );
      for (const [c, e] of err.entries()) {
        expect(e, `${space.name} channel ${c}`).toBeLessThanOrEqual(1e-3 * space.range[c]!);
      }

      const inv = golden[`${space.name}Inv`];
      const input = tensor(inv.input);
      const back = await expectNoLeaks(() => space.inverse(input), `${space.name} inverse`);
      const invErr = maxErrorPerChannel(back.dataSync(), inv.rgb.data, 3);
      for (const [c, e] of invErr.entries()) {
        expect(e, `${space.name} inverse channel ${c}`).toBeLessThanOrEqual(1e-3);
      }

      const round = space.inverse(y);
      const roundErr = maxErrorPerChannel(round.dataSync(), rgb.dataSync(), 3);
      for (const [c, e] of roundErr.entries()) {
        expect(e, `${space.name} round trip channel ${c}`).toBeLessThanOrEqual(1e-4);
      }
      tf.dispose([y, input, back, round]);
    });
  }

  it('rgbToLab is within the LUT error of cv2 COLOR_RGB2Lab', () => {
    // cv2's float sRGB path trades exactness for speed (trilinear 33³ LUT); the exact
    // reference above is cv2 COLOR_LRGB2Lab after the sRGB gamma.
    const y = rgbToLab(rgb);
    const err = maxErrorPerChannel(y.dataSync(), golden.lab.data, 3);
    for (const [c, e] of err.entries()) expect(e, `lab channel ${c}`).toBeLessThanOrEqual(0.35);
    y.dispose();
  });

  it('hue is in [0, 360) and 0 on gray pixels', () => {
    const x = tf.tensor4d([0.5, 0.5, 0.5, 1, 1, 1, 0, 0, 0, 1, 0, 0.000001], [1, 2, 2, 3]);
    for (const f of [rgbToHsv, rgbToHls]) {
      const h = f(x);
      const d = h.dataSync();
      expect([d[0], d[3], d[6]]).toEqual([0, 0, 0]);
      expect(d[9]).toBeGreaterThanOrEqual(0);
      expect(d[9]).toBeLessThan(360);
      h.dispose();
    }
    x.dispose();
  });

  it('addAlpha appends a constant (per-sample) alpha channel', async () => {
    const y = await expectNoLeaks(() => addAlpha(rgb, [1, 0.5, 0, 0.25]), 'addAlpha');
    expect(y.shape).toEqual([4, 12, 12, 4]);
    const d = y.dataSync();
    const x = rgb.dataSync();
    for (const [i, alpha] of [1, 0.5, 0, 0.25].entries()) {
      const p = i * 144 + 37;
      expect(d[p * 4 + 3]).toBe(alpha);
      expect(Array.from(d.slice(p * 4, p * 4 + 3))).toEqual(Array.from(x.slice(p * 3, p * 3 + 3)));
    }
    y.dispose();
    const one = addAlpha(rgb);
    expect(tf.min(tf.slice(one, [0, 0, 0, 3], [4, 12, 12, 1])).dataSync()[0]).toBe(1);
    tf.dispose(one);
  });
});

describe('color conversions reject bad input', () => {
  it('names function, argument, expectation and value', () => {
    const gray = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    const rank3 = tf.zeros([4, 4, 3]) as unknown as tf.Tensor4D;
    const ints = tf.zeros([1, 4, 4, 3], 'int32') as tf.Tensor4D;
    const big = tf.fill([1, 2, 2, 3], 1.5) as tf.Tensor4D;
    expect(() => rgbToHsv(gray)).toThrow(TricksError);
    expect(() => rgbToHsv(gray)).toThrow(/rgbToHsv: argument 'images' expected images with 3 channels/);
    expect(() => rgbToLab(rank3 as unknown as tf.Tensor4D)).toThrow(
      /rgbToLab: argument 'images' expected a tensor of rank 4/,
    );
    expect(() => rgbToGray(ints)).toThrow(/expected dtype float32, got dtype int32/);
    expect(() => rgbToYuv(big)).toThrow(/rgbToYuv: argument 'images' expected values in \[0, 1\]/);
    // Inverses take color-space values (not in [0, 1]) but still check shape and dtype.
    expect(() => hsvToRgb(gray)).toThrow(/hsvToRgb: argument 'hsv' expected a tensor with 3 channels/);
    expect(() => labToRgb(ints)).toThrow(/labToRgb: argument 'lab' expected dtype float32/);
    expect(() => luvToRgb(rank3 as unknown as tf.Tensor4D)).toThrow(
      /luvToRgb: argument 'luv' expected a tensor of rank 4/,
    );
    const lab = tf.fill([1, 2, 2, 3], 50) as tf.Tensor4D;
    const ok = labToRgb(lab);
    expect(ok.shape).toEqual([1, 2, 2, 3]);
    expect(() => addAlpha(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, 2)).toThrow(
      /addAlpha: argument 'alpha' expected a number in \[0, 1\], got 2/,
    );
    const two = tf.zeros([2, 2, 2, 3]) as tf.Tensor4D;
    expect(() => addAlpha(two as tf.Tensor4D, [1])).toThrow(
      /addAlpha: argument 'alpha' expected 2 per-sample values/,
    );
    tf.dispose([gray, rank3, ints, big, lab, ok, two]);
  });
});
