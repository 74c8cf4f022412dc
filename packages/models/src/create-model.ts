import type * as tfl from '@tensorflow/tfjs-layers';
import { assertOneOf, describeValue, TricksError } from '@tftricks/core';
import type { ClassifierOptions } from './classifier-options';
import { type EfficientNetLiteOptions, efficientNetLite } from './efficientnet-lite';
import { type ResNetOptions, resnet } from './resnet';
import { type SeResNeXtOptions, seResNeXt } from './se-resnext';
import { type SimpleCnnOptions, simpleCnn } from './simple-cnn';
import { type SwinTinyOptions, swinTiny } from './swin-tiny';
import { type VitTinyOptions, vitTiny } from './vit-tiny';

/** The classifier builders {@link createModel} knows, by name: the registry a recipe names models from. */
const BUILDERS = {
  simpleCnn: simpleCnn as (o: SimpleCnnOptions) => tfl.LayersModel,
  resnet: resnet as (o: ResNetOptions) => tfl.LayersModel,
  seResNeXt: seResNeXt as (o: SeResNeXtOptions) => tfl.LayersModel,
  efficientNetLite: efficientNetLite as (o: EfficientNetLiteOptions) => tfl.LayersModel,
  vitTiny: vitTiny as (o: VitTinyOptions) => tfl.LayersModel,
  swinTiny: swinTiny as (o: SwinTinyOptions) => tfl.LayersModel,
};

/** Names {@link createModel} understands. */
export const MODEL_NAMES = Object.keys(BUILDERS) as readonly ModelName[];
/** One of {@link MODEL_NAMES}. */
export type ModelName = keyof typeof BUILDERS;

/** Options of the builder `name` (its own options plus the shared `inputShape`, `numClasses`, `seed`). */
export type ModelOptions<N extends ModelName = ModelName> = Parameters<(typeof BUILDERS)[N]>[0];

/**
 * Builds a classifier by name (timm's `create_model`), so a recipe file can name one:
 * `createModel('resnet', { inputShape: [32, 32, 3], numClasses: 10, widths: [16, 32], seed: 0 })`
 * is `resnet({ … })`. The model maps `[N, H, W, C]` images to `[N, K]` logits; every option
 * is checked by the builder itself.
 */
export function createModel<N extends ModelName>(name: N, options: ModelOptions<N>): tfl.LayersModel {
  assertOneOf('createModel', 'name', name, MODEL_NAMES);
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TricksError('createModel', 'options', '{ inputShape, numClasses, … }', describeValue(options));
  const build = BUILDERS[name] as (o: ClassifierOptions) => tfl.LayersModel;
  return build(options as ClassifierOptions);
}
