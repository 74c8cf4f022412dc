import { TricksError } from '@tftricks/core';
import { MODEL_NAMES } from '@tftricks/models';
import { createOptimizer, PRESET_NAMES, type PresetOptions } from '@tftricks/optimizers';
import { createScheduler, SCHEDULER_NAMES, type SchedulerSpec } from '@tftricks/schedulers';
import { AUGMENTATIONS, MIXES, SIZED_AUGMENTATIONS } from './augmentation-registry';
import { buildMix } from './build-augmentation';
import type { Recipe } from './recipe';
import { ttaOptions } from './tta-options';

/** A schema node: what a value at one path may be. */
export type SchemaNode =
  | {
      kind: 'number';
      min?: number;
      max?: number;
      integer?: boolean;
      values?: readonly number[];
      optional?: boolean;
    }
  | { kind: 'boolean'; optional?: boolean }
  | { kind: 'string'; enum?: readonly string[]; optional?: boolean }
  /** An integer ≥ 1 or a list of two (an image size S or [H, W]). */
  | { kind: 'size'; optional?: boolean }
  | { kind: 'object'; fields: Record<string, SchemaNode>; open?: boolean; optional?: boolean }
  | { kind: 'array'; items: SchemaNode; optional?: boolean };

const num = (
  min?: number,
  max?: number,
  extra: { integer?: boolean; optional?: boolean } = {},
): SchemaNode => ({
  kind: 'number',
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
  ...extra,
});
const opt = <S extends SchemaNode>(s: S): S => ({ ...s, optional: true });

// Registry names come from the packages that own them, never restated here.
const MODEL: SchemaNode = {
  kind: 'object',
  open: true,
  fields: { type: { kind: 'string', enum: MODEL_NAMES } },
};

/**
 * The recipe schema: keys, kinds and ranges. Sections that name a registry entry (`model`,
 * `optimizer`, `schedule`, `augment`, `mix`) take that entry's own options, which the entry's
 * factory checks (see {@link recipeIssues}); every other unknown key is an error.
 */
export const RECIPE_SCHEMA: SchemaNode = {
  kind: 'object',
  fields: {
    name: { kind: 'string' },
    description: opt({ kind: 'string' }),
    input: opt({
      kind: 'object',
      fields: {
        size: opt({ kind: 'size' }),
        channels: { kind: 'number', values: [1, 3], optional: true },
      },
    }),
    model: MODEL,
    epochs: num(1, 1000, { integer: true }),
    batchSize: num(1, 4096, { integer: true }),
    trainLimit: num(1, undefined, { integer: true, optional: true }),
    augment: opt({
      kind: 'array',
      items: {
        kind: 'object',
        open: true,
        fields: { type: { kind: 'string', enum: Object.keys(AUGMENTATIONS) } },
      },
    }),
    mix: opt({ kind: 'object', open: true, fields: { type: { kind: 'string', enum: Object.keys(MIXES) } } }),
    loss: opt({ kind: 'object', fields: { labelSmoothing: num(0, 1, { optional: true }) } }),
    optimizer: {
      kind: 'object',
      open: true,
      fields: { name: { kind: 'string', enum: PRESET_NAMES }, learningRate: num(0, 10) },
    },
    schedule: opt({
      kind: 'object',
      open: true,
      fields: { type: { kind: 'string', enum: SCHEDULER_NAMES } },
    }),
    ema: opt({ kind: 'object', fields: { decay: num(0, 1), warmup: opt({ kind: 'boolean' }) } }),
    tta: opt({
      kind: 'object',
      fields: {
        transforms: { kind: 'array', items: { kind: 'string', enum: ['identity', 'hflip', 'vflip'] } },
        merge: opt({ kind: 'string', enum: ['mean', 'gmean', 'max'] }),
        translate: num(1, 8, { integer: true, optional: true }),
      },
    }),
    distill: opt({
      kind: 'object',
      fields: {
        teacher: MODEL,
        teacherEpochs: num(1, 1000, { integer: true }),
        temperature: num(0.05, 100),
        alpha: num(0, 1),
      },
    }),
    pseudoLabel: opt({
      kind: 'object',
      fields: {
        labeledFraction: num(0, 1),
        rounds: num(1, 20, { integer: true }),
        threshold: num(0, 1),
        balance: opt({ kind: 'boolean' }),
        maxPerClass: num(0, undefined, { integer: true, optional: true }),
        labeledShare: num(0.01, 1, { optional: true }),
      },
    }),
    kfold: opt({ kind: 'object', fields: { k: num(2, 20, { integer: true }) } }),
  },
};

/** A problem found in a recipe: the path (keys and list indices), and what is wrong there. */
export interface RecipeIssue {
  path: (string | number)[];
  message: string;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function isPositiveInteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function walk(value: unknown, spec: SchemaNode, path: (string | number)[], issues: RecipeIssue[]): void {
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.push({ path, message: `expected a number, got ${describe(value)}` });
      } else if (spec.values && !spec.values.includes(value)) {
        issues.push({ path, message: `expected one of ${spec.values.join(', ')}, got ${value}` });
      } else if (spec.integer && !Number.isInteger(value)) {
        issues.push({ path, message: `expected an integer, got ${value}` });
      } else if (
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max)
      ) {
        issues.push({
          path,
          message: `expected a number in [${spec.min ?? '-∞'}, ${spec.max ?? '∞'}], got ${value}`,
        });
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean')
        issues.push({ path, message: `expected true or false, got ${describe(value)}` });
      return;
    case 'size':
      if (
        !isPositiveInteger(value) &&
        !(Array.isArray(value) && value.length === 2 && value.every(isPositiveInteger))
      )
        issues.push({ path, message: `expected an integer ≥ 1 or [height, width], got ${describe(value)}` });
      return;
    case 'string':
      if (typeof value !== 'string')
        issues.push({ path, message: `expected a string, got ${describe(value)}` });
      else if (spec.enum && !spec.enum.includes(value)) {
        issues.push({
          path,
          message: `expected one of ${spec.enum.join(', ')}, got ${JSON.stringify(value)}`,
        });
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        issues.push({ path, message: `expected a list, got ${describe(value)}` });
        return;
      }
      value.forEach((item, i) => walk(item, spec.items, [...path, i], issues));
      return;
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        issues.push({ path, message: `expected a mapping, got ${describe(value)}` });
        return;
      }
      const obj = value as Record<string, unknown>;
      for (const [key, child] of Object.entries(spec.fields)) {
        if (obj[key] === undefined) {
          if (!child.optional) issues.push({ path: [...path, key], message: 'is required' });
        } else walk(obj[key], child, [...path, key], issues);
      }
      if (!spec.open) {
        for (const key of Object.keys(obj)) {
          if (!(key in spec.fields)) {
            issues.push({
              path: [...path, key],
              message: `is not a known key (known: ${Object.keys(spec.fields).join(', ')})`,
            });
          }
        }
      }
    }
  }
}

/**
 * Runs a registry factory on a section's options and turns its TricksError into an issue at
 * the option it names (`options.momentum` → `optimizer.momentum`), or at the section.
 */
function check(
  section: (string | number)[],
  options: object,
  build: () => unknown,
  issues: RecipeIssue[],
): void {
  try {
    build();
  } catch (e) {
    if (!(e instanceof TricksError)) throw e;
    // `options.momentum`, `spec.gamma`, `recipe.mix.labelSmoothing`, `weightDecay`: the last part.
    const key = e.arg.split('.').pop() ?? '';
    const path = key in options ? [...section, key] : section;
    issues.push({ path, message: `expected ${e.expected}, got ${e.given}` });
  }
}

/** Factory checks of the registry sections that the schema walk found well-formed. */
function registryIssues(recipe: Recipe, walked: RecipeIssue[]): RecipeIssue[] {
  const issues: RecipeIssue[] = [];
  const clean = (section: string) => !walked.some((i) => i.path[0] === section);
  if (clean('optimizer')) {
    const { name, learningRate, ...options } = recipe.optimizer;
    check(
      ['optimizer'],
      options,
      () => createOptimizer(name, { ...(options as PresetOptions), learningRate }),
      issues,
    );
  }
  if (recipe.schedule && clean('schedule')) {
    const lr = clean('optimizer') ? recipe.optimizer.learningRate : 1e-3;
    // Any run length will do: the settings are checked, not the curve.
    const spec = { ...recipe.schedule, learningRate: lr, totalSteps: 1000 } as SchedulerSpec;
    check(['schedule'], recipe.schedule, () => createScheduler(spec), issues);
  }
  if (recipe.augment && clean('augment'))
    recipe.augment.forEach(({ type, ...options }, i) => {
      // A crop's size defaults to the run's image size, unknown here: check with a stand-in.
      const withSize = 'size' in options || !SIZED_AUGMENTATIONS.includes(type);
      const probe = withSize ? options : { ...options, size: 8 };
      check(['augment', i], options, () => AUGMENTATIONS[type]!(probe), issues);
    });
  if (recipe.mix && clean('mix')) check(['mix'], recipe.mix, () => buildMix(recipe), issues);
  if (recipe.tta && clean('tta')) check(['tta'], recipe.tta, () => ttaOptions(recipe.tta!), issues);
  return issues;
}

/**
 * All problems of a parsed recipe (empty when it is valid): the schema's (unknown keys, wrong
 * kinds, ranges, names not in the registries, each listing the valid ones) and, for sections
 * that name a registry entry, what that entry's factory refuses.
 */
export function recipeIssues(value: unknown): RecipeIssue[] {
  const issues: RecipeIssue[] = [];
  walk(value, RECIPE_SCHEMA, [], issues);
  // A recipe that is not even a mapping has nothing for the factories to check.
  if (issues.some((i) => i.path.length === 0)) return issues;
  return [...issues, ...registryIssues(value as Recipe, issues)];
}
