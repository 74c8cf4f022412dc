import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TricksError } from '@tftricks/core';
import { BUILT_IN_RECIPES, builtInRecipesDir } from '../built-in-recipes';
import { parseRecipe } from '../parse-recipe';
import type { Recipe } from '../recipe';

/**
 * Loads a built-in recipe by name (`baseline`, `recipe`, …, see `BUILT_IN_RECIPES`) or a
 * YAML/JSON recipe file by path, validated by `parseRecipe` (errors name the file and line).
 */
export async function loadRecipe(nameOrPath: string): Promise<Recipe> {
  const isBuiltIn = (BUILT_IN_RECIPES as readonly string[]).includes(nameOrPath);
  const file = isBuiltIn ? join(await builtInRecipesDir(), `${nameOrPath}.yaml`) : nameOrPath;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TricksError(
      'loadRecipe',
      'nameOrPath',
      `one of ${BUILT_IN_RECIPES.join(', ')} or a path to a readable .yaml/.json file`,
      `${JSON.stringify(nameOrPath)} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  return parseRecipe(text, isBuiltIn ? `recipes/${nameOrPath}.yaml` : file);
}
