/**
 * audit/labels — the selective-labels problem (issue 7): who has an observed outcome (coverage by
 * decision and group), how the model does on screened-out records that were re-referred and then
 * screened in, worst- and best-case AUC, FPR and TPR over every labelling of the unobserved
 * records, and the contraction comparison with the most lenient screeners (Lakkaraju et al. 2017),
 * with the assumption it rests on.
 */
export { LABEL_STATUS, labelCoverage, labelStatus } from './coverage.js';
export type { CoverageRow, LabelStatus } from './coverage.js';
export { aucBounds, rateBounds } from './bounds.js';
export type { Bounds, BoundsInput, RateBounds } from './bounds.js';
export { CONTRACTION_ASSUMPTION, contraction, contractionFailureRate } from './contraction.js';
export type { ContractionCases, ContractionResult, LeniencyPoint } from './contraction.js';
export { modelSelectiveLabels, selectiveLabels } from './selective-labels.js';
export type {
  LabelledPerformance,
  SelectiveLabelsInput,
  SelectiveLabelsResult,
} from './selective-labels.js';
