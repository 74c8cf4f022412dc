import { TricksError } from '@tftricks/core';
import type { TricksOptimizerJson } from '@tftricks/optimizers';

type Json = NonNullable<TricksOptimizerJson['state']>;

function renameKeys(json: Json, names: ReadonlyMap<string, string>): Json {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((j) => renameKeys(j, names));
  if ('$tensor' in json) return json;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(json)) out[names.get(k) ?? k] = renameKeys(v, names);
  return out as Json;
}

/**
 * Optimizer state saved for one model, re-keyed for another with the same architecture.
 *
 * The state is keyed by variable name, and tfjs-layers makes names unique per process
 * (`conv/kernel`, then `conv/kernel_1`, …), so a model rebuilt to resume a run usually has
 * other names than the one that was saved. `json.variables` lists the saved names in the
 * order of the first update, which is the order of `variables` here (every trainable
 * variable gets a gradient on the first step).
 */
export function renameOptimizerState(
  json: TricksOptimizerJson,
  variables: readonly string[],
): TricksOptimizerJson {
  if (json.variables.length !== variables.length) {
    throw new TricksError(
      'train',
      'options.resume.optimizer',
      `optimizer state for the model's ${variables.length} trainable variables`,
      `state for ${json.variables.length}`,
    );
  }
  const names = new Map(json.variables.map((old, i) => [old, variables[i]!]));
  return {
    ...json,
    variables: [...variables],
    state: json.state === null ? null : renameKeys(json.state, names),
  };
}
