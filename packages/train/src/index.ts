export type { AugmentationFactory } from './augmentation-registry';
export { AUGMENTATIONS, MIXES, SIZED_AUGMENTATIONS } from './augmentation-registry';
export { buildAugmentation, buildMix } from './build-augmentation';
export { buildModel } from './build-model';
export { buildOptimizer } from './build-optimizer';
export type { BuildRunOptions, RunParts, TrainLoss } from './build-run';
export { buildRun, disposeRun, trainableVariables } from './build-run';
export { buildSchedule } from './build-schedule';
export type { Checkpoint } from './checkpoint';
export { assertCheckpoint } from './checkpoint';
export type { DistillRunOptions } from './distill-run';
export { distillRun } from './distill-run';
export type { Evaluated, Logits } from './evaluate-model';
export { evaluateModel, logitPredictor, probabilityPredictor, scoreProbabilities } from './evaluate-model';
export { fitDataset } from './fit-dataset';
export { kfoldRun } from './kfold-run';
export type { RecipeFileIssue } from './parse-recipe';
export { parseRecipe, RecipeError } from './parse-recipe';
export type { LabeledSplit, PseudoLabelRound, PseudoLabelRunOptions } from './pseudo-label-run';
export { pseudoLabelRun, splitLabeled, studentRows } from './pseudo-label-run';
export type { AugmentStep, MixType, ModelSpec, Recipe, TtaViewName } from './recipe';
export type { RecipeIssue, SchemaNode } from './recipe-schema';
export { RECIPE_SCHEMA, recipeIssues } from './recipe-schema';
export { train } from './train';
export type {
  EpochInfo,
  RunHistory,
  RunResult,
  RunStartInfo,
  StepInfo,
  TrainCallbacks,
  TrainData,
  TrainOptions,
} from './train-options';
export type { StepOutcome } from './train-step';
export { trainStep } from './train-step';
