export type { Predict, TtaMerge, TtaOptions, TtaTransform, TtaView } from './tta';
export { fiveCrop, tta, ttaAugmentation, ttaScale } from './tta';
