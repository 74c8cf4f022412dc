import { isNode, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { type Recipe, recipeIssues } from './recipe';

/** A recipe file that does not fit the schema; the message points at file:line. */
export class RecipeError extends Error {
  override readonly name = 'RecipeError';
}

/**
 * Parses and validates recipe text (YAML, of which JSON is a subset). Every problem is listed
 * with `file:line: path message`, so a user can fix them all in one go.
 */
export function parseRecipe(text: string, file = '<recipe>'): Recipe {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lines.linePos(e.pos[0]).line;
    throw new RecipeError(`${file}:${line}: not valid YAML/JSON: ${e.message.split('\n')[0]}`);
  }
  const value = doc.toJS() as unknown;
  const issues = recipeIssues(value);
  if (issues.length > 0) {
    const out = issues.map(({ path, message }) => {
      // Point at the deepest node that exists (a missing key points at its parent).
      let node: unknown = null;
      for (let n = path.length; n >= 0 && !node; n--)
        node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const offset = isNode(node) ? ((node as YamlNode).range?.[0] ?? 0) : 0;
      const where = path.length ? path.join('.') : '(top level)';
      return `${file}:${lines.linePos(offset).line}: ${where} ${message}`;
    });
    throw new RecipeError(`invalid recipe:\n  ${out.join('\n  ')}`);
  }
  return value as Recipe;
}
