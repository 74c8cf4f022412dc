import { TricksError } from '@tftricks/core';
import type { Recipe } from './recipe';

/** The recipe sections that name a flow. */
export type FlowSection = 'distill' | 'pseudoLabel' | 'kfold';

/** The recipe's `key` section, which the flow `fn` needs; a TricksError naming `fn` when it is absent. */
export function flowSection<K extends FlowSection>(
  fn: string,
  recipe: Recipe,
  key: K,
): NonNullable<Recipe[K]> {
  const section = recipe[key];
  if (!section)
    throw new TricksError(fn, `recipe.${key}`, `a ${key} section`, `recipe ${recipe.name} without one`);
  return section as NonNullable<Recipe[K]>;
}
