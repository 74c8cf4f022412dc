import type * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertOneOf, describeValue, TricksError } from '@tftricks/core';
import {
  isSerializable,
  type Schedule,
  type ScheduleSpec,
  scheduleFromJSON,
  scheduleToJSON,
} from '@tftricks/schedulers';
import { type AdafactorOptions, adafactor } from './adafactor';
import { type AdamOptions, adam } from './adam';
import { adamw } from './adamw';
import { applyIfFinite } from './apply-if-finite';
import { chain } from './chain';
import { clipByGlobalNorm } from './clip-by-global-norm';
import { clipByValue } from './clip-by-value';
import type { GradientTransformation } from './gradient-transformation';
import { type LambOptions, lamb } from './lamb';
import { type LookaheadOptions, lookahead } from './lookahead';
import { multiSteps } from './multi-steps';
import { type NadamOptions, nadam } from './nadam';
import { type NovogradOptions, novograd } from './novograd';
import { type RAdamOptions, radam } from './radam';
import { type RangerOptions, ranger } from './ranger';
import { type SgdOptions, sgd } from './sgd';

/** Names {@link createOptimizer} understands. */
export const PRESET_NAMES = [
  'sgd',
  'adam',
  'adamw',
  'radam',
  'nadam',
  'lamb',
  'novograd',
  'adafactor',
  'ranger',
] as const;
/** One of {@link PRESET_NAMES}. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** Wrappers any preset can get by name (timm's `create_optimizer_v2` extras). */
export interface PresetWrapperOptions {
  /** Clip gradients by global norm first (`clipByGlobalNorm`). */
  clipGradNorm?: number;
  /** Clip gradients by value first (`clipByValue`). */
  clipGradValue?: number;
  /** Wrap in `lookahead` (true for defaults k 5, α 0.5). */
  lookahead?: boolean | LookaheadOptions;
  /** Accumulate gradients over this many calls (`multiSteps`). */
  accumulateSteps?: number;
  /** Skip and count non-finite steps (`applyIfFinite`; one read-back per step). */
  skipNonFinite?: boolean;
}

/** Options of any preset plus the wrappers; each preset reads the keys it knows. */
export type PresetOptions = SgdOptions &
  AdamOptions &
  RAdamOptions &
  NadamOptions &
  LambOptions &
  NovogradOptions &
  AdafactorOptions &
  RangerOptions &
  PresetWrapperOptions;

const WRAPPER_KEYS = ['clipGradNorm', 'clipGradValue', 'lookahead', 'accumulateSteps', 'skipNonFinite'];
const COMMON = ['learningRate', 'weightDecay', 'weightDecayMask'];
const ADAM = [...COMMON, 'beta1', 'beta2', 'eps'];
const KNOWN: Record<PresetName, string[]> = {
  sgd: [...COMMON, 'momentum', 'nesterov'],
  adam: ADAM,
  adamw: ADAM,
  radam: [...ADAM, 'threshold', 'decoupledWeightDecay'],
  nadam: [...ADAM, 'momentumDecay', 'torch113'],
  lamb: ADAM,
  novograd: [...ADAM],
  adafactor: [...COMMON, 'decayRate', 'eps', 'clipThreshold', 'multiplyByParameterScale', 'eps2'],
  ranger: [...ADAM, 'threshold', 'decoupledWeightDecay', 'k', 'alpha'],
};

const BUILD: Record<PresetName, (o: PresetOptions) => GradientTransformation> = {
  sgd,
  adam,
  adamw,
  radam,
  nadam,
  lamb,
  novograd,
  adafactor,
  ranger,
};

/** Builds the transformation of a named preset with wrappers. Unknown option keys throw. */
export function buildPreset(fn: string, name: unknown, options: unknown = {}): GradientTransformation {
  assertOneOf(fn, 'name', name, PRESET_NAMES);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TricksError(fn, 'options', 'an options object', describeValue(options));
  }
  const known = new Set([...KNOWN[name], ...WRAPPER_KEYS]);
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new TricksError(
        fn,
        `options.${key}`,
        `one of ${[...known].join(', ')} for '${name}'`,
        'an unknown option',
      );
  }
  const {
    clipGradNorm,
    clipGradValue,
    lookahead: la,
    accumulateSteps,
    skipNonFinite,
    ...rest
  } = options as PresetOptions;
  let tx = BUILD[name](rest);
  if (la !== undefined && la !== false) tx = lookahead(tx, la === true ? {} : la);
  const clips: GradientTransformation[] = [];
  if (clipGradValue !== undefined) clips.push(clipByValue(clipGradValue));
  if (clipGradNorm !== undefined) clips.push(clipByGlobalNorm(clipGradNorm));
  if (clips.length > 0) tx = chain(...clips, tx);
  if (accumulateSteps !== undefined) {
    assertInteger(fn, 'options.accumulateSteps', accumulateSteps, 1);
    if (accumulateSteps > 1) tx = multiSteps(tx, accumulateSteps);
  }
  if (skipNonFinite === true) tx = applyIfFinite(tx);
  return tx;
}

/**
 * Options as a tfjs `ConfigDict`: schedules of `@tftricks/schedulers` become `{ $schedule: spec }`,
 * RegExps `{ $regexp, flags }`; other functions (hand-written schedules, predicates) are dropped and
 * listed by path (`'learningRate'`, `'lookahead.alpha'`). Nested option objects (the `lookahead`
 * wrapper's) are converted the same way.
 */
export function optionsToConfig(
  options: object,
  prefix = '',
): {
  options: tf.serialization.ConfigDict;
  dropped: string[];
} {
  const out: tf.serialization.ConfigDict = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) continue;
    if (typeof v === 'function' && isSerializable(v as Schedule)) {
      out[k] = { $schedule: scheduleToJSON(v as Schedule) as unknown as tf.serialization.ConfigDict };
    } else if (typeof v === 'function') dropped.push(`${prefix}${k}`);
    else if (v instanceof RegExp) out[k] = { $regexp: v.source, flags: v.flags };
    else if (isPlainObject(v)) {
      const inner = optionsToConfig(v, `${prefix}${k}.`);
      out[k] = inner.options;
      dropped.push(...inner.dropped);
    } else out[k] = v as tf.serialization.ConfigDictValue;
  }
  return { options: out, dropped };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/** The inverse of {@link optionsToConfig} (dropped entries stay absent, so defaults apply). */
function optionsFromConfig(raw: tf.serialization.ConfigDict): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const o = v as { $regexp?: unknown; flags?: unknown; $schedule?: unknown } | null;
    if (o !== null && typeof o === 'object' && typeof o.$regexp === 'string') {
      options[k] = new RegExp(o.$regexp, String(o.flags ?? ''));
    } else if (o !== null && typeof o === 'object' && o.$schedule !== undefined) {
      options[k] = scheduleFromJSON(o.$schedule as ScheduleSpec);
    } else if (isPlainObject(o)) {
      options[k] = optionsFromConfig(o as tf.serialization.ConfigDict);
    } else {
      options[k] = v;
    }
  }
  return options;
}

/** Rebuilds a transformation from `{ preset, options }` (the config of `createOptimizer`). */
export function presetFromConfig(fn: string, config: tf.serialization.ConfigDict): GradientTransformation {
  if (config.preset === 'custom' || config.preset === undefined) {
    throw new TricksError(
      fn,
      'config.preset',
      `a preset name (${PRESET_NAMES.join(', ')}); a custom chain cannot be rebuilt from config`,
      describeValue(config.preset),
    );
  }
  const options = optionsFromConfig((config.options ?? {}) as tf.serialization.ConfigDict);
  return buildPreset(fn, config.preset, options);
}
