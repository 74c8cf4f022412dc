export type { AdafactorOptions } from './adafactor';
export { adafactor, adafactorRelativeStep } from './adafactor';
export type { AdamOptions } from './adam';
export { adam } from './adam';
export { adamw } from './adamw';
export type { EmptyState } from './add-decayed-weights';
export { addDecayedWeights } from './add-decayed-weights';
export type { ApplyIfFiniteState } from './apply-if-finite';
export { allFinite, applyIfFinite } from './apply-if-finite';
export type { ChainState } from './chain';
export { chain } from './chain';
export { clipByBlockRms } from './clip-by-block-rms';
export { clipByGlobalNorm } from './clip-by-global-norm';
export { clipByValue } from './clip-by-value';
export { createOptimizer } from './create-optimizer';
export type { DynamicLossScalerJson, DynamicLossScalerOptions, GradientApplier } from './dynamic-loss-scaler';
export { DynamicLossScaler } from './dynamic-loss-scaler';
export type {
  GradientTransformation,
  Hyperparams,
  OptState,
  UpdateContext,
  UpdateResult,
} from './gradient-transformation';
export type { LambOptions } from './lamb';
export { lamb } from './lamb';
export type { LearningRate } from './learning-rate';
export type { LookaheadOptions, LookaheadState } from './lookahead';
export { lookahead } from './lookahead';
export type { LrMultiplierMap, LrMultiplierRule, LrMultipliersOptions } from './lr-multipliers';
export { lrMultipliers } from './lr-multipliers';
export type { MaskedState } from './masked';
export { masked } from './masked';
export type { MultiStepsState } from './multi-steps';
export { multiSteps } from './multi-steps';
export type { NadamOptions } from './nadam';
export { nadam } from './nadam';
export type { NovogradOptions } from './novograd';
export { novograd } from './novograd';
export type { PresetName, PresetOptions, PresetWrapperOptions } from './optimizer-registry';
export { PRESET_NAMES } from './optimizer-registry';
export type { NamedTensor, OptStateJson } from './optimizer-state';
export {
  disposeReplacedState,
  flattenState,
  mergeState,
  stateFromJson,
  stateTensors,
  stateToJson,
  unflattenState,
} from './optimizer-state';
export type { ParamMask } from './param-mask';
export { decayAll, decayMatrices } from './param-mask';
export type { RAdamOptions } from './radam';
export { radam } from './radam';
export type { RangerOptions } from './ranger';
export { ranger } from './ranger';
export type { ScaleByAdamOptions, ScaleByAdamState } from './scale-by-adam';
export { scaleByAdam } from './scale-by-adam';
export type { ScaleByFactoredRmsOptions, ScaleByFactoredRmsState } from './scale-by-factored-rms';
export { scaleByFactoredRms } from './scale-by-factored-rms';
export type { ScaleByLearningRateState } from './scale-by-learning-rate';
export { scaleByLearningRate } from './scale-by-learning-rate';
export type { ScaleByNadamOptions, ScaleByNadamState } from './scale-by-nadam';
export { scaleByNadam } from './scale-by-nadam';
export type { ScaleByNovogradOptions, ScaleByNovogradState } from './scale-by-novograd';
export { scaleByNovograd } from './scale-by-novograd';
export { scaleByParamBlockRms } from './scale-by-param-block-rms';
export type { ScaleByRAdamOptions, ScaleByRAdamState } from './scale-by-radam';
export { scaleByRAdam } from './scale-by-radam';
export { scaleByTrustRatio } from './scale-by-trust-ratio';
export type { SgdOptions, WeightDecayOptions } from './sgd';
export { sgd } from './sgd';
export type { TraceMomentumOptions, TraceMomentumState } from './trace-momentum';
export { traceMomentum } from './trace-momentum';
export type { TricksOptimizerJson } from './tricks-optimizer';
export { TricksOptimizer } from './tricks-optimizer';
export type { EmaTarget, WeightEmaJson, WeightEmaOptions } from './weight-ema';
export { WeightEma } from './weight-ema';
