export { type DistillStepArgs, distillStep } from './distill-step';
export { type DistillationLossOptions, distillationLoss } from './distillation-loss';
export {
  type PrecomputeOptions,
  type Predictor,
  precomputeSoftTargets,
  type SoftTargets,
  softTargetsFromBytes,
  softTargetsToBytes,
} from './precompute-soft-targets';
export { softmaxWithTemperature } from './softmax-with-temperature';
