export type {
  FastAutoAugmentOptions,
  FastAutoAugmentProgress,
  FastAutoAugmentResult,
  FoldModel,
  SearchFold,
  SearchTrial,
} from './fast-auto-augment';
export { fastAutoAugment } from './fast-auto-augment';
export type { TpeDimension, TpeObservation, TpeOptions } from './tpe-search';
export { tpeSuggest } from './tpe-search';
