export type { AugMixOptions, AugMixParams } from './aug-mix';
export { augMix, augMixViews } from './aug-mix';
export type {
  AutoAugmentOptions,
  AutoAugmentParams,
  AutoAugmentPolicyName,
  CustomPolicy,
} from './auto-augment';
export { autoAugment, autoAugmentPolicy } from './auto-augment';
export type { PolicyParams } from './policy-augmentation';
export type { MagnitudeSpace, OpStage, PolicyOpName, PolicyStep, PolicyWarpOptions } from './policy-ops';
export {
  applyPolicyOp,
  augMixSpace,
  autoAugmentSpace,
  POLICY_OPS,
  trivialAugmentWideSpace,
} from './policy-ops';
export type { RandAugmentOptions } from './rand-augment';
export { randAugment } from './rand-augment';
export type { TrivialAugmentWideOptions } from './trivial-augment-wide';
export { trivialAugmentWide } from './trivial-augment-wide';
