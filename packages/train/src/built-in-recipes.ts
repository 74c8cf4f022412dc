/**
 * The recipes shipped in this package's `recipes/` folder, by name (`recipes/<name>.yaml`),
 * tuned on Fashion-MNIST: `baseline` (Adam, no tricks), `recipe` (flip, label smoothing,
 * AdamW + one-cycle, clipping, EMA), `distill`, `pseudo-label` and `kfold`.
 */
export const BUILT_IN_RECIPES = ['baseline', 'recipe', 'distill', 'pseudo-label', 'kfold'] as const;
/** One of {@link BUILT_IN_RECIPES}. */
export type BuiltInRecipe = (typeof BUILT_IN_RECIPES)[number];

/**
 * Node: the folder holding the built-in recipe files. This file sits one level below the
 * package root both as source and bundled into `dist/`, so one relative URL serves both.
 */
export async function builtInRecipesDir(): Promise<string> {
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(new URL('../recipes/', import.meta.url));
}
