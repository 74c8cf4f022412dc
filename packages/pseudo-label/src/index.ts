export {
  type Predictor,
  type PseudoLabelOptions,
  type PseudoLabels,
  predictProbabilities,
  pseudoLabel,
  selectPseudoLabels,
} from './pseudo-label';
export { mergeWithPseudoLabels, type SelfTrainOptions, type SelfTrainRound, selfTrain } from './self-train';
export { type TargetedDataset, targetBatches } from './target-batches';
