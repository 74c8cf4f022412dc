import { assertNumberInRange } from '@tftricks/core';
import type { Augmentation } from '../base/augmentation';
import { checkGate, type GatedParams, type GateOptions } from '../base/gate';
import { gatedAugmentation } from '../base/gated-augmentation';
import { perspective, type Quad } from '../geometric/perspective';
import { checkWarpOptions, type WarpOptions } from '../geometric/projective-warp';

/** Options of {@link randomPerspective} (torchvision `RandomPerspective`). */
export interface RandomPerspectiveOptions extends WarpOptions, GateOptions {
  /** How far corners may move, in [0, 1] of half the image size; default 0.5. */
  distortionScale?: number;
}

/** One image's corners: the image corners and where they move. */
export interface PerspectiveValues {
  startpoints: Quad;
  endpoints: Quad;
}

/**
 * Moves each image's corners inwards by random amounts (torchvision `RandomPerspective.get_params`)
 * with probability `p` (default 0.5). Interpolation defaults to `'bilinear'` as in torchvision.
 */
export function randomPerspective(
  options: RandomPerspectiveOptions = {},
): Augmentation<GatedParams<PerspectiveValues>> {
  const fn = 'randomPerspective';
  const ds = options.distortionScale ?? 0.5;
  assertNumberInRange(fn, 'options.distortionScale', ds, 0, 1);
  const gate = checkGate(fn, options, 0.5);
  const warp = checkWarpOptions(fn, { interpolation: 'bilinear', ...options }, null);
  return gatedAugmentation<PerspectiveValues>({
    name: fn,
    ...gate,
    draw(rng, [h, w]) {
      const dw = Math.floor(ds * Math.floor(w / 2));
      const dh = Math.floor(ds * Math.floor(h / 2));
      const tl: [number, number] = [rng.int(0, dw + 1), rng.int(0, dh + 1)];
      const tr: [number, number] = [rng.int(w - dw - 1, w), rng.int(0, dh + 1)];
      const br: [number, number] = [rng.int(w - dw - 1, w), rng.int(h - dh - 1, h)];
      const bl: [number, number] = [rng.int(0, dw + 1), rng.int(h - dh - 1, h)];
      const start: Quad = [
        [0, 0],
        [w - 1, 0],
        [w - 1, h - 1],
        [0, h - 1],
      ];
      return { startpoints: start, endpoints: [tl, tr, br, bl] };
    },
    run: (images, values) =>
      perspective(
        images,
        values.map((v) => v.startpoints),
        values.map((v) => v.endpoints),
        warp,
      ),
  });
}
