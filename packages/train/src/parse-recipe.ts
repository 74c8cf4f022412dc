import { TricksError } from '@tftricks/core';
import { isNode, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Recipe } from './recipe';
import { recipeIssues } from './recipe-schema';

/** One problem of a recipe file, where it is. */
export interface RecipeFileIssue {
  file: string;
  /** 1-based line of the key (a missing key: its parent mapping). */
  line: number;
  /** Dotted path, e.g. `optimizer.name`, `augment.0.p`; `(top level)` for the document, '' for a syntax error. */
  path: string;
  message: string;
}

/**
 * A recipe file that does not fit the schema. `issues` holds every problem; the message lists
 * them one per line as `file:line: path message`, so a user can fix them all in one go.
 */
export class RecipeError extends TricksError {
  readonly issues: RecipeFileIssue[];

  constructor(file: string, issues: RecipeFileIssue[]) {
    const lines = issues.map((i) => `${i.file}:${i.line}: ${i.path ? `${i.path} ` : ''}${i.message}`);
    super('parseRecipe', 'text', `a recipe that fits the schema (${file})`, lines.join('; '));
    this.issues = issues;
    this.message = `invalid recipe:\n  ${lines.join('\n  ')}`;
  }
}

/**
 * Parses and validates recipe text (YAML, of which JSON is a subset) against
 * `RECIPE_SCHEMA` and the registries its sections name. Throws a {@link RecipeError} listing
 * every problem with `file:line: path message`.
 */
export function parseRecipe(text: string, file = '<recipe>'): Recipe {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lines.linePos(e.pos[0]).line;
    throw new RecipeError(file, [
      { file, line, path: '', message: `not valid YAML/JSON: ${e.message.split('\n')[0]}` },
    ]);
  }
  const value = doc.toJS() as unknown;
  const issues = recipeIssues(value);
  if (issues.length > 0) {
    throw new RecipeError(
      file,
      issues.map(({ path, message }) => {
        // Point at the deepest node that exists (a missing key points at its parent).
        let node: unknown = null;
        for (let n = path.length; n >= 0 && !node; n--)
          node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        const offset = isNode(node) ? ((node as YamlNode).range?.[0] ?? 0) : 0;
        const where = path.length ? path.join('.') : '(top level)';
        return { file, line: lines.linePos(offset).line, path: where, message };
      }),
    );
  }
  return value as Recipe;
}
