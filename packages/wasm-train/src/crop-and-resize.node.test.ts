import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomValues, useWasm } from '../test/cpu-reference';

interface Crop {
  shape: [number, number, number, number];
  boxes: number[][];
  boxInd: number[];
  size: [number, number];
  method?: 'nearest' | 'bilinear';
  extrapolation?: number;
}

/** `tf.image.cropAndResize` on one backend; returns the output values and shape. */
async function cropOn(backend: 'cpu' | 'wasm', c: Crop): Promise<{ shape: number[]; values: Float32Array }> {
  const prev = tf.getBackend();
  await tf.setBackend(backend);
  const n = c.shape.reduce((a, b) => a * b, 1);
  const image = tf.tensor4d(randomValues(3, n), c.shape);
  const boxes = tf.tensor2d(c.boxes.flat(), [c.boxes.length, 4]);
  const boxInd = tf.tensor1d(c.boxInd, 'int32');
  const out = tf.image.cropAndResize(
    image,
    boxes,
    boxInd,
    c.size,
    c.method ?? 'nearest',
    c.extrapolation ?? 0,
  );
  const result = { shape: out.shape.slice(), values: out.dataSync() as Float32Array };
  tf.dispose([out, image, boxes, boxInd]);
  await tf.setBackend(prev);
  return result;
}

/** Random boxes: fractional, flipped, partly or wholly outside the image. */
function randomBoxes(seed: number, count: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => [
    rng.uniform(-0.5, 1.2),
    rng.uniform(-0.5, 1.2),
    rng.uniform(-0.3, 1.5),
    rng.uniform(-0.3, 1.5),
  ]);
}

/** The exact box of a pixel window: rows y0..y0+h−1, columns x0..x0+w−1 of an H×W image. */
function windowBox(
  y0: number,
  x0: number,
  h: number,
  w: number,
  H: number,
  W: number,
  flip = false,
): number[] {
  const [a, b] = [x0 / (W - 1), (x0 + w - 1) / (W - 1)];
  return [y0 / (H - 1), flip ? b : a, (y0 + h - 1) / (H - 1), flip ? a : b];
}

/** A box's sample points pulled towards the image centre by 10⁻³ of their distance. */
function contract(b: number[], H: number, W: number): number[] {
  const at = (v: number, n: number) => ((v * (n - 1) - (n - 1) / 2) * (1 - 1e-3) + (n - 1) / 2) / (n - 1);
  return [at(b[0]!, H), at(b[1]!, W), at(b[2]!, H), at(b[3]!, W)];
}

describe('CropAndResize (nearest) on wasm matches the cpu backend bit for bit', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it.each<[string, Crop]>([
    [
      'random boxes, 3 channels',
      {
        shape: [3, 9, 11, 3],
        boxes: randomBoxes(1, 12),
        boxInd: [0, 1, 2, 0, 1, 2, 2, 1, 0, 0, 1, 2],
        size: [7, 13],
      },
    ],
    [
      'random boxes, 1 channel, fill 0.5',
      {
        shape: [2, 16, 16, 1],
        boxes: randomBoxes(2, 6),
        boxInd: [0, 1, 1, 0, 1, 0],
        size: [16, 16],
        extrapolation: 0.5,
      },
    ],
    [
      'random boxes, 4 channels, upsampled',
      { shape: [2, 5, 6, 4], boxes: randomBoxes(3, 4), boxInd: [1, 0, 1, 0], size: [12, 10] },
    ],
    [
      '1×1 crops and 1-pixel rows',
      { shape: [2, 6, 7, 3], boxes: randomBoxes(4, 4), boxInd: [0, 1, 0, 1], size: [1, 1] },
    ],
    ['crop width 1', { shape: [2, 6, 7, 3], boxes: randomBoxes(5, 4), boxInd: [0, 1, 0, 1], size: [5, 1] }],
    [
      'pixel windows: shifted, padded, mirrored (the augmentations’ crops)',
      {
        shape: [2, 8, 10, 3],
        boxes: [
          windowBox(1, 2, 8, 10, 8, 10),
          windowBox(-2, -3, 8, 10, 8, 10),
          windowBox(0, 0, 8, 10, 8, 10, true),
          windowBox(3, -4, 8, 10, 8, 10, true),
          windowBox(2, 1, 4, 6, 8, 10),
        ],
        boxInd: [0, 1, 0, 1, 1],
        size: [8, 10],
      },
    ],
    [
      'windows contracted towards the centre (as @tftricks/augment draws them), 1 and 3 channels',
      {
        shape: [2, 8, 10, 3],
        boxes: [
          contract(windowBox(-2, 3, 8, 10, 8, 10), 8, 10),
          contract(windowBox(1, -1, 8, 10, 8, 10, true), 8, 10),
        ],
        boxInd: [1, 0],
        size: [8, 10],
      },
    ],
    [
      'mirrored and vertically flipped windows, 1 channel',
      {
        shape: [2, 6, 7, 1],
        boxes: [windowBox(0, 1, 6, 7, 6, 7, true), [1, 0, 0, 1], [5 / 6, 1, 0, 0]],
        boxInd: [0, 1, 1],
        size: [6, 7],
      },
    ],
    // tfjs-backend-wasm 4.22's stock kernel returns columns 0..1 here (its memcpy ignores x1).
    [
      'exact unflipped box off the left edge',
      { shape: [1, 4, 5, 1], boxes: [[0, 0.25, 1, 0.5]], boxInd: [0], size: [4, 2] },
    ],
    [
      'box index past the batch stays zero',
      {
        shape: [2, 4, 4, 3],
        boxes: [
          [0, 0, 1, 1],
          [0, 0, 1, 1],
        ],
        boxInd: [1, 5],
        size: [4, 4],
      },
    ],
  ])('%s', async (_, c) => {
    const ref = await cropOn('cpu', c);
    const got = await cropOn('wasm', c);
    expect(got.shape).toEqual(ref.shape);
    expect(Array.from(got.values)).toEqual(Array.from(ref.values));
  });

  it('bilinear goes to the stock kernel (matches cpu to float rounding)', async () => {
    const c: Crop = {
      shape: [2, 9, 11, 3],
      boxes: randomBoxes(6, 5),
      boxInd: [0, 1, 0, 1, 1],
      size: [6, 7],
      method: 'bilinear',
    };
    const ref = await cropOn('cpu', c);
    const got = await cropOn('wasm', c);
    for (let i = 0; i < ref.values.length; i++) expect(got.values[i]).toBeCloseTo(ref.values[i]!, 5);
  });

  it('leaks nothing', async () => {
    const image = tf.tensor4d(randomValues(7, 2 * 6 * 6 * 3), [2, 6, 6, 3]);
    const boxes = tf.tensor2d(randomBoxes(8, 3).flat(), [3, 4]);
    const boxInd = tf.tensor1d([0, 1, 0], 'int32');
    const buffers = tf.memory().numDataBuffers;
    const out = await expectNoLeaks(
      () => tf.image.cropAndResize(image, boxes, boxInd, [4, 5], 'nearest'),
      'crop',
    );
    // The kernel allocates nothing but its output.
    expect(tf.memory().numDataBuffers).toBe(buffers + 1);
    tf.dispose([out, image, boxes, boxInd]);
  });
});
