import { assertImages, type Images } from '@tftricks/core';
import { type PerSample, type PerSamplePair, perSample } from '../kernels/per-sample';
import { affineTransforms } from './affine';
import { checkWarpOptions, type WarpOptions, warpProjective } from './projective-warp';

/** Options of {@link rotate}. */
export interface RotateOptions extends WarpOptions {
  /** Centre of rotation [x, y] in pixels (torchvision convention); default the image centre. */
  center?: PerSamplePair;
}

/**
 * Rotates each image by `angle` degrees counter-clockwise (torchvision `F.rotate`, 0.14,
 * `expand=False`): the output keeps the input size, corners that leave it are cut off and
 * uncovered pixels get `fill`. One batched `tf.image.transform` call.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @param angle degrees, one for the batch or one per image.
 * @returns `Images` [N, H, W, C] in [0, 1].
 */
export function rotate(images: Images, angle: PerSample, options: RotateOptions = {}): Images {
  assertImages('rotate', 'images', images);
  const [n, h, w, c] = images.shape;
  const { interpolation, fill } = checkWarpOptions('rotate', options, c);
  // torchvision's rotate calls the affine matrix with −angle (its two conventions differ).
  const negated = perSample('rotate', 'angle', angle, n).map((a) => -a);
  const matrices = affineTransforms('rotate', n, h, w, {
    angle: negated,
    ...(options.center ? { center: options.center } : {}),
  });
  return warpProjective(images, matrices, interpolation, fill);
}
