import { assertImages, assertPerSample, describeValue, type Images, TricksError } from '@tftricks/core';
import { type Point, perspectiveCoeffs, perspectiveToTransform } from './perspective-coeffs';
import { checkWarpOptions, type WarpOptions, warpProjective } from './projective-warp';

/** Four corners [top-left, top-right, bottom-right, bottom-left], each [x, y] in pixels. */
export type Quad = readonly [Point, Point, Point, Point];

/**
 * Perspective warp (torchvision `F.perspective`, 0.14): the output is the input with the
 * quadrilateral `startpoints` moved onto `endpoints`. One quad pair for the batch, or one
 * per image; all images go through one `tf.image.transform` call.
 *
 * @param images `Images` [N, H, W, C] in [0, 1].
 * @param startpoints corners in the input, pixel coordinates.
 * @param endpoints where those corners land in the output.
 * @returns `Images` [N, H, W, C] in [0, 1].
 */
export function perspective(
  images: Images,
  startpoints: Quad | readonly Quad[],
  endpoints: Quad | readonly Quad[],
  options: WarpOptions = {},
): Images {
  assertImages('perspective', 'images', images);
  const [n, , , c] = images.shape;
  const { interpolation, fill } = checkWarpOptions('perspective', options, c);
  const starts = quads('startpoints', startpoints, n);
  const ends = quads('endpoints', endpoints, n);
  const matrices: number[] = [];
  for (let i = 0; i < n; i++)
    matrices.push(...perspectiveToTransform(perspectiveCoeffs('perspective', starts[i]!, ends[i]!)));
  return warpProjective(images, matrices, interpolation, fill);
}

function isPoint(p: unknown): p is Point {
  return Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function isQuad(q: unknown): q is Quad {
  return Array.isArray(q) && q.length === 4 && q.every(isPoint);
}

function quads(arg: string, value: Quad | readonly Quad[], n: number): Quad[] {
  if (isQuad(value)) return new Array<Quad>(n).fill(value);
  if (!Array.isArray(value))
    throw new TricksError(
      'perspective',
      arg,
      'four [x, y] corners or one such quad per image',
      describeValue(value),
    );
  assertPerSample('perspective', arg, value, n);
  return value.map((q, i) => {
    if (!isQuad(q))
      throw new TricksError('perspective', `${arg}[${i}]`, 'four [x, y] corners', describeValue(q));
    return q;
  });
}
