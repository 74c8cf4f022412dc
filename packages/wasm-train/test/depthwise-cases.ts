import * as tf from '@tensorflow/tfjs-core';

// Depthwise-convolution shapes shared by the forward and backprop kernel tests.
export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
export interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: [number, number];
  d: [number, number];
  pad: Pad;
}

// Depthwise filters are [KH, KW, C, multiplier]. The cpu backend's backprop kernels ignore
// dilation (tfjs-core's gradient refuses dilation > 1), so the backprop test checks the dilated
// cases with the adjoint identity against the forward convolution instead.
export const CASES: Case[] = [
  { x: [2, 8, 8, 3], f: [3, 3, 3, 1], s: [1, 1], d: [1, 1], pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 2], s: [1, 1], d: [1, 1], pad: 'valid' },
  { x: [2, 9, 7, 4], f: [3, 3, 4, 1], s: [2, 2], d: [1, 1], pad: 'same' },
  { x: [2, 9, 7, 4], f: [5, 5, 4, 1], s: [2, 2], d: [1, 1], pad: 'valid' },
  { x: [1, 11, 10, 2], f: [3, 5, 2, 3], s: [3, 2], d: [1, 1], pad: 'same' },
  {
    x: [2, 8, 8, 5],
    f: [3, 3, 5, 1],
    s: [1, 1],
    d: [1, 1],
    pad: [
      [0, 0],
      [2, 1],
      [0, 2],
      [0, 0],
    ],
  },
  { x: [2, 14, 14, 16], f: [3, 3, 16, 1], s: [1, 1], d: [1, 1], pad: 'same' },
  { x: [128, 5, 5, 33], f: [3, 3, 33, 1], s: [2, 2], d: [1, 1], pad: 'same' },
  { x: [2, 6, 6, 16], f: [3, 3, 16, 2], s: [1, 1], d: [1, 1], pad: 'same' },
];

export const DILATED: Case[] = [
  { x: [2, 10, 10, 3], f: [3, 3, 3, 1], s: [1, 1], d: [2, 2], pad: 'same' },
  { x: [2, 10, 9, 3], f: [3, 2, 3, 2], s: [1, 1], d: [2, 3], pad: 'valid' },
];

export const label = (c: Case) => `x=${c.x} f=${c.f} s=${c.s} d=${c.d} pad=${JSON.stringify(c.pad)}`;
export const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

export function dyShape(c: Case): [number, number, number, number] {
  return tf.backend_util.computeConv2DInfo(c.x, c.f, c.s, c.d, c.pad, undefined, true).outShape;
}
