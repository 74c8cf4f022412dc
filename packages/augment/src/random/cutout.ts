import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumberInRange } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { type EraseBox, erase } from '../photometric/index';

/** Options of {@link cutout}. */
export interface CutoutOptions extends GateOptions {
  /** Side of each square hole in pixels (holes are clipped at the border). */
  size: number;
  /** Number of holes per image; default 1. */
  count?: number;
  /** Fill of the holes in [0, 1]; default 0. */
  fill?: number;
}

/**
 * Cutout (DeVries & Taylor 2017): `count` square holes of side `size`, each centred on a
 * uniformly random pixel and clipped to the image, filled with `fill`. `p` (default 1)
 * gates each image. Output: same shape, in [0, 1].
 */
export function cutout(options: CutoutOptions): Augmentation<GatedParams<{ boxes: EraseBox[] }>> {
  const fn = 'cutout';
  assertInteger(fn, 'options.size', options?.size, 1);
  const count = options.count ?? 1;
  assertInteger(fn, 'options.count', count, 1);
  const fill = options.fill ?? 0;
  assertNumberInRange(fn, 'options.fill', fill, 0, 1);
  const half = Math.floor(options.size / 2);
  const gate = checkGate(fn, options, 1);
  return gatedAugmentation({
    name: fn,
    ...gate,
    selfGated: true,
    draw(rng, [h, w]) {
      const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
      const boxes: EraseBox[] = [];
      for (let k = 0; k < count; k++) {
        const y = rng.int(0, h);
        const x = rng.int(0, w);
        const [y1, y2, x1, x2] = [clip(y - half, h), clip(y + half, h), clip(x - half, w), clip(x + half, w)];
        boxes.push({ top: y1, left: x1, height: y2 - y1, width: x2 - x1 });
      }
      return { boxes };
    },
    run(images, values, applied) {
      const empty: EraseBox = { top: 0, left: 0, height: 0, width: 0 };
      let current = tf.clone(images);
      for (let k = 0; k < count; k++) {
        const next = erase(
          current,
          values.map((v, i) => (applied[i] ? (v.boxes[k] ?? empty) : empty)),
          fill,
        );
        current.dispose();
        current = next;
      }
      return current;
    },
  });
}
