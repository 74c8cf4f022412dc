import * as tf from '@tensorflow/tfjs-core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { grayscale } from '../photometric/index';

/**
 * Converts images to gray with probability `p` (default 0.1) per image, keeping the channel
 * count (gray repeated in R, G, B; alpha kept) — torchvision `RandomGrayscale`, whose luma
 * weights are 0.2989, 0.587, 0.114.
 */
export function randomGrayscale(options: GateOptions = {}): Augmentation<GatedParams<null>> {
  const gate = checkGate('randomGrayscale', options, 0.1);
  return gatedAugmentation<null>({
    name: 'randomGrayscale',
    ...gate,
    draw: () => null,
    // A single-channel image is already gray.
    run: (images) => (images.shape[3] === 1 ? tf.clone(images) : grayscale(images, 3)),
  });
}
