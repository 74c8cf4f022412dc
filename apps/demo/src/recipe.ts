/**
 * A training recipe: everything one run of the demo does, as plain JSON/YAML.
 *
 * The schema below is the single source of truth: `validateRecipe` walks it, so an unknown key
 * or a value of the wrong kind is reported with its path (and, for files, its line).
 */

/** One random augmentation of `@tftricks/augment`, by factory name, with its options. */
export interface AugmentStep {
  type: string;
  [option: string]: unknown;
}

export interface Recipe {
  name: string;
  description?: string;
  /** A builder of `@tftricks/models` and its options. */
  model: {
    type: 'simpleCnn' | 'resnet' | 'seResNeXt' | 'efficientNetLite' | 'vitTiny';
    [option: string]: unknown;
  };
  epochs: number;
  batchSize: number;
  /** Training images used from the training split (all when absent). */
  trainLimit?: number;
  augment?: AugmentStep[];
  mix?: { type: 'mixup' | 'cutmix' | 'mixupOrCutmix'; [option: string]: unknown };
  loss?: { labelSmoothing?: number };
  optimizer: {
    name: 'sgd' | 'adam' | 'adamw' | 'radam' | 'nadam' | 'lamb' | 'novograd' | 'adafactor' | 'ranger';
    learningRate: number;
    weightDecay?: number;
    momentum?: number;
    clipGradNorm?: number;
    accumulateSteps?: number;
  };
  schedule?: {
    type: 'constant' | 'cosine' | 'oneCycle' | 'stepDecay';
    warmupSteps?: number;
    warmupFrom?: number;
    pctStart?: number;
    min?: number;
    stepSize?: number;
    gamma?: number;
  };
  ema?: { decay: number; warmup?: boolean };
  /**
   * Test-time augmentation (`@tftricks/augment`'s `tta`): every evaluation, and the
   * pseudo-labelling teacher, merges the probabilities of these views.
   */
  tta?: { transforms: ('identity' | 'hflip' | 'vflip')[]; merge?: 'mean' | 'gmean' | 'max' };
  distill?: { teacher: Recipe['model']; teacherEpochs: number; temperature: number; alpha: number };
  pseudoLabel?: {
    labeledFraction: number;
    rounds: number;
    threshold: number;
    balance?: boolean;
    /** Keep at most this many pseudo-labels per predicted class (the most confident ones). */
    maxPerClass?: number;
    /**
     * Share of every student epoch made of the true labels (repeated), in (0, 1]; the students
     * then train as many steps as the labeled-only model. Absent: the merged set as it is.
     */
    labeledShare?: number;
  };
  kfold?: { k: number };
}

/** A schema node: what a value at one path may be. */
type Spec =
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; optional?: boolean }
  | { kind: 'boolean'; optional?: boolean }
  | { kind: 'string'; enum?: readonly string[]; optional?: boolean }
  | { kind: 'object'; fields: Record<string, Spec>; open?: boolean; optional?: boolean }
  | { kind: 'array'; items: Spec; optional?: boolean };

const num = (min?: number, max?: number, extra: { integer?: boolean; optional?: boolean } = {}): Spec => ({
  kind: 'number',
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
  ...extra,
});
const opt = <S extends Spec>(s: S): S => ({ ...s, optional: true });

const MODEL: Spec = {
  kind: 'object',
  open: true,
  fields: {
    type: { kind: 'string', enum: ['simpleCnn', 'resnet', 'seResNeXt', 'efficientNetLite', 'vitTiny'] },
  },
};

export const RECIPE_SCHEMA: Spec = {
  kind: 'object',
  fields: {
    name: { kind: 'string' },
    description: opt({ kind: 'string' }),
    model: MODEL,
    epochs: num(1, 1000, { integer: true }),
    batchSize: num(1, 4096, { integer: true }),
    trainLimit: num(1, undefined, { integer: true, optional: true }),
    augment: opt({
      kind: 'array',
      items: { kind: 'object', open: true, fields: { type: { kind: 'string' } } },
    }),
    mix: opt({
      kind: 'object',
      open: true,
      fields: { type: { kind: 'string', enum: ['mixup', 'cutmix', 'mixupOrCutmix'] } },
    }),
    loss: opt({ kind: 'object', fields: { labelSmoothing: num(0, 1, { optional: true }) } }),
    optimizer: {
      kind: 'object',
      fields: {
        name: {
          kind: 'string',
          enum: ['sgd', 'adam', 'adamw', 'radam', 'nadam', 'lamb', 'novograd', 'adafactor', 'ranger'],
        },
        learningRate: num(0, 10),
        weightDecay: num(0, 1, { optional: true }),
        momentum: num(0, 1, { optional: true }),
        clipGradNorm: num(0, undefined, { optional: true }),
        accumulateSteps: num(1, 1024, { integer: true, optional: true }),
      },
    },
    schedule: opt({
      kind: 'object',
      fields: {
        type: { kind: 'string', enum: ['constant', 'cosine', 'oneCycle', 'stepDecay'] },
        warmupSteps: num(0, undefined, { integer: true, optional: true }),
        warmupFrom: num(0, undefined, { optional: true }),
        pctStart: num(0, 1, { optional: true }),
        min: num(0, undefined, { optional: true }),
        stepSize: num(1, undefined, { integer: true, optional: true }),
        gamma: num(0, 1, { optional: true }),
      },
    }),
    ema: opt({ kind: 'object', fields: { decay: num(0, 1), warmup: opt({ kind: 'boolean' }) } }),
    tta: opt({
      kind: 'object',
      fields: {
        transforms: { kind: 'array', items: { kind: 'string', enum: ['identity', 'hflip', 'vflip'] } },
        merge: opt({ kind: 'string', enum: ['mean', 'gmean', 'max'] }),
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

/** A problem found in a recipe: the dotted path, and what is wrong there. */
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

function walk(value: unknown, spec: Spec, path: (string | number)[], issues: RecipeIssue[]): void {
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.push({ path, message: `expected a number, got ${describe(value)}` });
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

/** All problems of a parsed recipe (empty when it is valid). */
export function recipeIssues(value: unknown): RecipeIssue[] {
  const issues: RecipeIssue[] = [];
  walk(value, RECIPE_SCHEMA, [], issues);
  return issues;
}
