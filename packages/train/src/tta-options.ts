import { type TtaOptions, translateViews } from '@tftricks/augment';
import { TricksError } from '@tftricks/core';
import type { Recipe } from './recipe';

/**
 * `@tftricks/augment`'s `tta` options for a recipe's `tta` section. With `translate: p`, the
 * views are airbench's (`translateViews(p)`): the image and its mirror at ¼ each plus the
 * (−p, −p) and (+p, +p) shifts of both at ⅛ each, merged by a weighted mean; that needs
 * `transforms: [identity, hflip]` and the `'mean'` merge (or none).
 */
export function ttaOptions(views: NonNullable<Recipe['tta']>): TtaOptions {
  const fn = 'ttaOptions';
  if (views.translate === undefined)
    return { transforms: views.transforms, ...(views.merge ? { merge: views.merge } : {}) };
  const names = [...views.transforms].sort().join(', ');
  if (names !== 'hflip, identity')
    throw new TricksError(
      fn,
      'tta.transforms',
      '[identity, hflip] with tta.translate',
      `[${views.transforms.join(', ')}]`,
    );
  if (views.merge !== undefined && views.merge !== 'mean')
    throw new TricksError(
      fn,
      'tta.merge',
      "'mean' with tta.translate (the views are weighted)",
      `'${views.merge}'`,
    );
  return { ...translateViews(views.translate), merge: 'mean' };
}
