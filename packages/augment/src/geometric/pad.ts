import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '@tftricks/core';

/** torchvision's padding modes: constant fill, repeat the edge, mirror without / with the edge. */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** Padding in pixels: `[left, top, right, bottom]` (torchvision's order). */
export type Padding = readonly [number, number, number, number];

/**
 * Pads H and W of a batch (torchvision `F.pad` semantics). Internal: callers validate
 * (reflect needs padding < size, symmetric ≤ size).
 */
export function padImages(images: Images, padding: Padding, mode: PaddingMode, fill: number): Images {
  const [l, t, r, b] = padding;
  if (l === 0 && t === 0 && r === 0 && b === 0) return tf.clone(images);
  return tf.tidy(() => {
    const pads: [number, number][] = [
      [0, 0],
      [t, b],
      [l, r],
      [0, 0],
    ];
    if (mode === 'constant') return tf.pad(images, pads, fill);
    if (mode === 'reflect' || mode === 'symmetric') return tf.mirrorPad(images, pads, mode);
    // edge: repeat the outer rows, then the outer columns.
    const [, h, w] = images.shape;
    const rows: tf.Tensor4D[] = [];
    if (t > 0) rows.push(tf.tile(tf.slice(images, [0, 0, 0, 0], [-1, 1, -1, -1]), [1, t, 1, 1]));
    rows.push(images);
    if (b > 0) rows.push(tf.tile(tf.slice(images, [0, h - 1, 0, 0], [-1, 1, -1, -1]), [1, b, 1, 1]));
    const tall = rows.length > 1 ? tf.concat(rows, 1) : images;
    const cols: tf.Tensor4D[] = [];
    if (l > 0) cols.push(tf.tile(tf.slice(tall, [0, 0, 0, 0], [-1, -1, 1, -1]), [1, 1, l, 1]));
    cols.push(tall);
    if (r > 0) cols.push(tf.tile(tf.slice(tall, [0, 0, w - 1, 0], [-1, -1, 1, -1]), [1, 1, r, 1]));
    return cols.length > 1 ? tf.concat(cols, 2) : tall;
  }) as Images;
}
