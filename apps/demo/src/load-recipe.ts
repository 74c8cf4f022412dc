import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRecipe, RecipeError } from './parse-recipe';
import type { Recipe } from './recipe';

// Environment-neutral parsing lives in parse-recipe.ts (the browser page uses it too).
export { parseRecipe, RecipeError } from './parse-recipe';

/** The recipes shipped with the demo, by name. */
export const BUILT_IN_RECIPES = ['baseline', 'recipe', 'distill', 'pseudo-label', 'kfold'] as const;

export const RECIPES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'recipes');

/** Loads a built-in recipe by name, or a YAML/JSON file by path. */
export async function loadRecipe(nameOrPath: string): Promise<Recipe> {
  const isBuiltIn = (BUILT_IN_RECIPES as readonly string[]).includes(nameOrPath);
  const file = isBuiltIn ? join(RECIPES_DIR, `${nameOrPath}.yaml`) : nameOrPath;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new RecipeError(
      `recipe '${nameOrPath}' not found: give one of ${BUILT_IN_RECIPES.join(', ')} or a path to a .yaml/.json file`,
    );
  }
  return parseRecipe(text, isBuiltIn ? `recipes/${basename(file)}` : file);
}
