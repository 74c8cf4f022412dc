export type { ClassMetrics, PrecisionRecallF1 } from './confusion-matrix';
export { classMetrics, confusionMatrix } from './confusion-matrix';
export type { CrossValFold, FoldPredictor, FoldTrainer } from './cross-val-predict';
export { crossValPredict } from './cross-val-predict';
export { encodePng, pngDataUri } from './encode-png';
export { evaluate } from './evaluate';
export type { EvaluateOptions, Evaluation } from './evaluator';
export { Evaluator } from './evaluator';
export type { Calibration, ReliabilityBin } from './expected-calibration-error';
export { expectedCalibrationError } from './expected-calibration-error';
export type {
  FindLabelIssuesOptions,
  LabelIssue,
  LabelIssueMethod,
  LabelIssueRanking,
  LabelIssues,
} from './find-label-issues';
export { findLabelIssues, LABEL_ISSUE_METHODS, LABEL_ISSUE_RANKINGS } from './find-label-issues';
export type { ConfidenceRecord, MistakeRecord, MistakeSort, MistakesOptions } from './mistakes';
export { lowestConfidence, MISTAKE_SORTS, mistakes } from './mistakes';
export type { LabelsInput, ProbsInput } from './prediction-input';
export { PROB_SUM_TOLERANCE } from './prediction-input';
export type { RenderedReport } from './render-report';
export { renderReport, reportHtml } from './render-report';
export type { ExtraChart, ReportData, ReportInput, ScheduleInput, TrainingHistory } from './report-data';
export type { ImagesInput } from './report-images';
