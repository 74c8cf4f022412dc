export type { TranslateOptions, WeightedViews } from './translate';
export { translate, translateViews } from './translate';
export type { Predict, TtaMerge, TtaOptions, TtaTransform, TtaView } from './tta';
export { fiveCrop, tta, ttaAugmentation, ttaScale } from './tta';
