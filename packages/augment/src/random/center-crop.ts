import * as tf from '@tensorflow/tfjs-core';
import type { Augmentation, ImageShape } from '../base/augmentation';
import { checkBatch } from '../base/batch-checks';
import { cropWindowsOf, type PixelWindows, sampleWindows } from '../base/pixel-windows';
import { roundHalfEven } from '../base/round-half-even';
import { checkSize, type Size } from './crop-size';

/** Parameters of {@link centerCrop} (deterministic; recorded for logs): the window's top-left. */
export interface CenterCropParams {
  top: number;
  left: number;
}

/** torchvision `F.center_crop`'s offset along one axis (negative when the image is zero-padded). */
function centerOffset(len: number, crop: number): number {
  return crop > len ? -Math.floor((crop - len) / 2) : roundHalfEven((len - crop) / 2);
}

/**
 * Crops the central `size` window of every image — torchvision `CenterCrop` (zero-pads images
 * smaller than `size`). Output: `Images` [N, size[0], size[1], C].
 */
export function centerCrop(options: { size: Size }): Augmentation<CenterCropParams> {
  const fn = 'centerCrop';
  const [th, tw] = checkSize(fn, 'options.size', options?.size);
  const windowsOf = (params: CenterCropParams, n: number, h: number, w: number): PixelWindows => {
    // The offsets follow from the image size; recorded params are for logging.
    const top = params?.top ?? centerOffset(h, th);
    const left = params?.left ?? centerOffset(w, tw);
    return cropWindowsOf(new Array<number>(n).fill(top), new Array<number>(n).fill(left), th, tw);
  };
  return {
    name: fn,
    sample: (_rng, _n, [h, w]) => ({ top: centerOffset(h, th), left: centerOffset(w, tw) }),
    apply(batch, params) {
      const n = checkBatch(fn, batch);
      const [, h, w] = batch.images.shape;
      const images = sampleWindows(batch.images, windowsOf(params, n, h, w));
      return { images, targets: tf.clone(batch.targets) };
    },
    pixelWindows: (params, n, [h, w]) => windowsOf(params, n, h, w),
    outputShape: ([, , c]: ImageShape) => [th, tw, c],
  };
}
