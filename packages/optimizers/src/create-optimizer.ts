import { buildPreset, optionsToConfig, type PresetName, type PresetOptions } from './optimizer-registry';
import { TricksOptimizer } from './tricks-optimizer';

/**
 * Creates a {@link TricksOptimizer} by preset name, so a recipe file can name one (timm's
 * `create_optimizer_v2`): `createOptimizer('adamw', { learningRate: 3e-4, weightDecay: 0.05,
 * clipGradNorm: 1 })`. Names: sgd, adam, adamw, radam, nadam, lamb, novograd, adafactor, ranger.
 * Wrapper options: `clipGradNorm`, `clipGradValue`, `lookahead`, `accumulateSteps`,
 * `skipNonFinite`. `getConfig()` holds the JSON-able options; schedules and predicate masks
 * cannot be serialised and are listed in `config.dropped` (fromConfig then uses defaults).
 */
export function createOptimizer(name: PresetName, options: PresetOptions = {}): TricksOptimizer {
  const transformation = buildPreset('createOptimizer', name, options);
  const { options: json, dropped } = optionsToConfig(options);
  return new TricksOptimizer(transformation, { preset: name, options: json, dropped });
}
