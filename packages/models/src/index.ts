export { ClassToken, type ClassTokenArgs, ClassTokenReadout } from './class-token';
export type { ClassifierOptions } from './classifier-options';
export type { BlockActivation } from './conv-bn';
export { createModel, MODEL_NAMES, type ModelName, type ModelOptions } from './create-model';
export { DropBlock, type DropBlockArgs, dropBlock, dropBlockGamma, dropBlockMask } from './drop-block';
export { DropPath, type DropPathArgs, dropPath } from './drop-path';
export {
  type EfficientNetLiteOptions,
  efficientNetLite,
  type MbConvStage,
  roundFilters,
  SMALL_MBCONV_STAGES,
} from './efficientnet-lite';
export { freeze, type LayerSelector, selectLayers, trainableVariableNames, unfreeze } from './freeze';
export { GroupedConv2D, type GroupedConv2DArgs } from './grouped-conv-2d';
export { type BackboneSource, type LoadBackboneOptions, loadBackbone } from './load-backbone';
export { type MbConvOptions, mbConvBlock } from './mbconv-block';
export { MultiHeadSelfAttention, type MultiHeadSelfAttentionArgs } from './multi-head-self-attention';
export { realignOptimizerState } from './optimizer-state';
export { PatchMerging, type PatchMergingArgs } from './patch-merging';
export { type PatchWhiteningOptions, type PatchWhiteningResult, patchWhitening } from './patch-whitening';
export { PositionEmbedding, type PositionEmbeddingArgs } from './position-embedding';
export {
  type ProgressiveUnfreezing,
  progressiveUnfreezing,
  type UnfreezingPlan,
} from './progressive-unfreezing';
export { readModelFiles } from './read-model-files';
export { registerModelLayers } from './register-layers';
export { type ResNetOptions, resnet } from './resnet';
export { type SeResNeXtOptions, seResNeXt } from './se-resnext';
export { type SimpleCnnOptions, simpleCnn } from './simple-cnn';
export { SpatialDropout2D, type SpatialDropout2DArgs, spatialDropout2d } from './spatial-dropout-2d';
export { type SqueezeExcitationOptions, squeezeExcitation } from './squeeze-excitation';
export { type SwinTinyOptions, swinTiny } from './swin-tiny';
export { type VitTinyOptions, vitTiny } from './vit-tiny';
export { WindowAttention, type WindowAttentionArgs } from './window-attention';
export { type HeadOptions, withHead } from './with-head';
