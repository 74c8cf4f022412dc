export {
  type BinaryCrossEntropyWithLogitsOptions,
  binaryCrossEntropyWithLogits,
} from './binary-cross-entropy-with-logits';
export { type CrossEntropyOptions, crossEntropy } from './cross-entropy';
export { type FocalLossOptions, focalLoss } from './focal-loss';
export { type JsdConsistencyOptions, jsdConsistency } from './jsd-consistency';
export { type KlDivergenceOptions, klDivergence } from './kl-divergence';
export type { CommonLossOptions, Loss, LossTargets, Reduced, Reduction } from './loss';
export { type PolyLossOptions, polyLoss } from './poly-loss';
export { type SoftTargetCrossEntropyOptions, softTargetCrossEntropy } from './soft-target-cross-entropy';
export { l1Penalty, l2Penalty, type PenaltyOptions, type PenaltyParams } from './weight-penalty';
