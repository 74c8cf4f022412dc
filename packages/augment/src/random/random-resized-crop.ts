import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf, type Rng } from '@tftricks/core';
import type { Augmentation, ImageShape } from '../base/augmentation';
import { checkBatch, checkParamsLength } from '../base/batch-checks';
import type { Box } from '../base/box';
import { checkRange } from '../base/range-options';
import { roundHalfEven } from '../base/round-half-even';
import type { Interpolation } from '../geometric/projective-warp';
import { resizeBoxes } from '../geometric/resized-crop';
import { checkSize, type Size } from './crop-size';

/** Options of {@link randomResizedCrop} (torchvision `RandomResizedCrop`). */
export interface RandomResizedCropOptions {
  /** Output size: a number for a square, or `[height, width]`. */
  size: Size;
  /** Range of the crop's area as a fraction of the image; default [0.08, 1]. */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio w/h (sampled log-uniformly); default [3/4, 4/3]. */
  ratio?: readonly [number, number];
  /** Resampling; default `'bilinear'`. */
  interpolation?: Interpolation;
  /** One box for the whole batch; default false. */
  sameOnBatch?: boolean;
}

/** Parameters of {@link randomResizedCrop}: one box per image, in input pixels. */
export interface RandomResizedCropParams {
  boxes: Box[];
}

/**
 * torchvision `RandomResizedCrop.get_params`: up to 10 tries of a random area fraction and
 * log-uniform aspect ratio; if none fits, the central crop with the ratio clamped into range.
 */
export function sampleResizedCropBox(
  rng: Rng,
  h: number,
  w: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
): Box {
  const area = h * w;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logRatio[0], logRatio[1]));
    const cw = roundHalfEven(Math.sqrt(targetArea * aspect));
    const ch = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
      return { top: rng.int(0, h - ch + 1), left: rng.int(0, w - cw + 1), height: ch, width: cw };
    }
  }
  const inRatio = w / h;
  let cw = w;
  let ch = h;
  if (inRatio < ratio[0]) ch = roundHalfEven(cw / ratio[0]);
  else if (inRatio > ratio[1]) cw = roundHalfEven(ch * ratio[1]);
  return { top: Math.floor((h - ch) / 2), left: Math.floor((w - cw) / 2), height: ch, width: cw };
}

/**
 * Crops a random area/aspect box from each image and resizes it to `size` — torchvision
 * `RandomResizedCrop` (antialias off), one box per image, one `cropAndResize` for the batch.
 * Output: `Images` [N, size[0], size[1], C].
 */
export function randomResizedCrop(options: RandomResizedCropOptions): Augmentation<RandomResizedCropParams> {
  const fn = 'randomResizedCrop';
  const [oh, ow] = checkSize(fn, 'options.size', options?.size);
  const scale = checkRange(fn, 'options.scale', options.scale ?? [0.08, 1], Number.MIN_VALUE, 1);
  const ratio = checkRange(fn, 'options.ratio', options.ratio ?? [3 / 4, 4 / 3], Number.MIN_VALUE, Infinity);
  const interpolation = options.interpolation ?? 'bilinear';
  assertOneOf(fn, 'options.interpolation', interpolation, ['nearest', 'bilinear'] as const);
  const sameOnBatch = options.sameOnBatch ?? false;
  return {
    name: fn,
    sample(rng, batchSize, [h, w]) {
      const draw = () => sampleResizedCropBox(rng, h, w, scale, ratio);
      return {
        boxes: sameOnBatch ? new Array<Box>(batchSize).fill(draw()) : Array.from({ length: batchSize }, draw),
      };
    },
    apply(batch, params) {
      const n = checkBatch(fn, batch);
      checkParamsLength(fn, 'params.boxes', params?.boxes, n);
      const images = resizeBoxes(batch.images, params.boxes, oh, ow, interpolation);
      return { images, targets: tf.clone(batch.targets) };
    },
    outputShape: ([, , c]: ImageShape) => [oh, ow, c],
  };
}
