import { assertImages, assertSameBatch, type Images } from '@tftricks/core';
import { type PerSample, type PerSamplePair, perSample, perSamplePair } from '../kernels/per-sample';
import { centeredAffineToTransform, inverseAffineMatrix } from './affine-matrix';
import { checkWarpOptions, type WarpOptions, warpProjective } from './projective-warp';

/** Parameters of {@link affine}; each may be one value for the batch or one per image. */
export interface AffineOptions extends WarpOptions {
  /** Rotation in degrees, clockwise positive (torchvision's `affine` convention). */
  angle: PerSample;
  /** Translation [tx, ty] in pixels, applied after rotation/scale/shear; default [0, 0]. */
  translate?: PerSamplePair;
  /** Scale factor > 0; default 1. */
  scale?: PerSample;
  /** Shear in degrees: one number (x only) or [sx, sy]; default 0. */
  shear?: number | PerSamplePair;
  /** Centre of rotation [x, y] in pixels (torchvision convention); default the image centre. */
  center?: PerSamplePair;
}

/**
 * Affine warp of each image, torchvision `F.affine` (0.14) semantics on tensors: the same
 * inverse matrix (`_get_inverse_affine_matrix`) and pixel-centre grid, applied to the whole
 * batch in one `tf.image.transform` call with a per-image matrix.
 *
 * Pixels are sampled with out-of-image neighbours read as `fill` (torchvision's zero padding
 * when `fill` is 0).
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @returns `Images` [N, H, W, C] in [0, 1].
 */
export function affine(images: Images, options: AffineOptions): Images {
  assertImages('affine', 'images', images);
  const [n, h, w, c] = images.shape;
  const { interpolation, fill } = checkWarpOptions('affine', options, c);
  const matrices = affineTransforms('affine', n, h, w, options);
  return warpProjective(images, matrices, interpolation, fill);
}

/** The N×8 `tf.image.transform` matrices for {@link affine}'s parameters. */
export function affineTransforms(
  fn: string,
  n: number,
  h: number,
  w: number,
  options: AffineOptions,
): number[] {
  const angle = perSample(fn, 'options.angle', options.angle, n);
  const scale = perSample(fn, 'options.scale', options.scale ?? 1, n, Number.MIN_VALUE);
  const translate = perSamplePair(fn, 'options.translate', options.translate ?? [0, 0], n);
  const shearOpt = options.shear ?? 0;
  const shear =
    typeof shearOpt === 'number'
      ? perSamplePair(fn, 'options.shear', [shearOpt, 0], n)
      : perSamplePair(fn, 'options.shear', shearOpt, n);
  const center = options.center === undefined ? null : perSamplePair(fn, 'options.center', options.center, n);
  assertSameBatch(fn, 'images', n, 'options.angle', angle.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // torchvision: centre relative to the image centre, measured with w/2, h/2 (not (w-1)/2).
    const cf: [number, number] = center ? [center[i]![0] - w * 0.5, center[i]![1] - h * 0.5] : [0, 0];
    const m = inverseAffineMatrix(cf, angle[i]!, translate[i]!, scale[i]!, shear[i]!);
    out.push(...centeredAffineToTransform(m, w, h));
  }
  return out;
}
