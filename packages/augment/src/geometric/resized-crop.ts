import * as tf from '@tensorflow/tfjs-core';
import {
  assertImages,
  assertInteger,
  assertOneOf,
  assertPerSample,
  describeValue,
  type Images,
  TricksError,
} from '@tftricks/core';
import type { Box } from '../base/box';
import { padImages } from './pad';
import type { Interpolation } from './projective-warp';

/**
 * Crops one box per image and resizes it to `size` — torchvision `F.resized_crop` with
 * `antialias=False` — in a single `tf.image.cropAndResize` call.
 *
 * Sampling uses torchvision's half-pixel centres (`src = top + (dst + ½)·h/oh − ½`). Where
 * that point falls outside the box (the outer ring when upscaling) torchvision clamps to the
 * box edge while cropAndResize interpolates with the neighbouring image pixel (at the image
 * border the edge pixel is replicated, matching torchvision); samples outside the image are 0.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @param boxes one box for the batch or one per image; sizes > 0 (may extend past the image).
 * @param size output `[height, width]`, or one number for a square.
 * @param interpolation `'bilinear'` (default) or `'nearest'` (torch's floor rule).
 * @returns `Images` [N, size[0], size[1], C].
 */
export function resizedCrop(
  images: Images,
  boxes: Box | readonly Box[],
  size: number | readonly [number, number],
  interpolation: Interpolation = 'bilinear',
): Images {
  assertImages('resizedCrop', 'images', images);
  assertOneOf('resizedCrop', 'interpolation', interpolation, ['nearest', 'bilinear'] as const);
  const n = images.shape[0];
  const [oh, ow] = typeof size === 'number' ? [size, size] : size;
  assertInteger('resizedCrop', 'size[0]', oh, 1);
  assertInteger('resizedCrop', 'size[1]', ow, 1);
  const list = Array.isArray(boxes) ? (boxes as readonly Box[]) : new Array<Box>(n).fill(boxes as Box);
  assertPerSample('resizedCrop', 'boxes', list, n);
  list.forEach((b, i) => {
    if (b === null || typeof b !== 'object')
      throw new TricksError('resizedCrop', `boxes[${i}]`, '{ top, left, height, width }', describeValue(b));
    assertInteger('resizedCrop', `boxes[${i}].top`, b.top, Number.MIN_SAFE_INTEGER);
    assertInteger('resizedCrop', `boxes[${i}].left`, b.left, Number.MIN_SAFE_INTEGER);
    assertInteger('resizedCrop', `boxes[${i}].height`, b.height, 1);
    assertInteger('resizedCrop', `boxes[${i}].width`, b.width, 1);
  });
  return resizeBoxes(images, list, oh, ow, interpolation);
}

/** {@link resizedCrop} without validation. */
export function resizeBoxes(
  images: Images,
  boxes: readonly Box[],
  oh: number,
  ow: number,
  interpolation: Interpolation,
): Images {
  const upscale = boxes.some((b) => b.height < oh || b.width < ow);
  if (interpolation === 'bilinear' && upscale) {
    // Upscaling samples up to ½ pixel before the first row: torchvision clamps to the edge,
    // cropAndResize would read it as outside (0). One replicated edge pixel makes them agree
    // for boxes at the image border.
    const padded = padImages(images, [1, 1, 1, 1], 'edge', 0);
    const shifted = boxes.map((b) => ({ ...b, top: b.top + 1, left: b.left + 1 }));
    try {
      return sampleBoxes(padded, shifted, oh, ow, interpolation);
    } finally {
      padded.dispose();
    }
  }
  return sampleBoxes(images, boxes, oh, ow, interpolation);
}

function sampleBoxes(
  images: Images,
  boxes: readonly Box[],
  oh: number,
  ow: number,
  interpolation: Interpolation,
): Images {
  const [n, h, w] = images.shape;
  const coords = new Float32Array(n * 4);
  // cropAndResize samples y1·(H−1) + i·(y2−y1)·(H−1)/(oh−1); choose y1, y2 so that equals
  // torchvision's half-pixel rule (bilinear) or torch's floor rule (nearest, rounded).
  const shift = interpolation === 'bilinear' ? 0.5 : 0;
  const nudge = interpolation === 'nearest' ? 1e-4 : 0;
  const edges = (start: number, len: number, out: number, full: number): [number, number] => {
    const step = len / out;
    const first = start + shift * step - 0.5 + nudge;
    const last = first + (out - 1) * step;
    if (full === 1) return [0, 0];
    return [first / (full - 1), last / (full - 1)];
  };
  boxes.forEach((b, i) => {
    const [y1, y2] = edges(b.top, b.height, oh, h);
    const [x1, x2] = edges(b.left, b.width, ow, w);
    coords.set([y1, x1, y2, x2], i * 4);
  });
  return tf.tidy(() => {
    const boxT = tf.tensor2d(coords, [n, 4]);
    const ind = tf.range(0, n, 1, 'int32') as tf.Tensor1D;
    return tf.image.cropAndResize(images, boxT, ind, [oh, ow], interpolation, 0) as Images;
  });
}
