/**
 * audit/policy — design decisions as policy (issue 6). A model's choices — population, label and
 * window, split, feature selection, score scale, household aggregation, protocol thresholds,
 * included feature groups — are listed in a versioned decision register and replayed:
 * - `runReplay`: every score aggregation × outcome level, by household race, with intervals, the
 *   range of each measure across policies and the score distribution under each;
 * - `runAblation`: retraining without a feature group by the identical procedure (same rows,
 *   folds and parameters), the AUC change with a paired interval, disparity changes, who crosses
 *   the high-risk line, the household-size view and model multiplicity;
 * - `counterfactualPairs`: one feature switched on and off, and records matched on every other;
 * - `draftRegister`: the register of a trained model, to be completed and signed by people.
 * Everything starts from a `PolicyContext` (a training result, or a model file replayed on its
 * extract). Comes after the audit core; nothing here prints.
 */
export { OUTCOME_LEVELS, policyContext, scaleReferenceOf } from './context.js';
export type { OutcomeLevel, PolicyContext } from './context.js';
export { scoreBase, scoreAlternative, scaleReferenceRows, populationProtocols } from './scored.js';
export type { ScoredModel } from './scored.js';
export {
  FEATURE_GROUPS,
  FEATURE_GROUP_NAMES,
  featureGroup,
  parseGroupDefinition,
  resolveGroup,
  specFromName,
} from './groups.js';
export type { FeatureGroupDef, ResolvedGroup } from './groups.js';
export {
  SCORE_POLICIES,
  POLICY_TEXT,
  PROTOCOL_RANK,
  FALSE_POSITIVE_TEXT,
  defaultThreshold,
  householdRows,
  policyFlags,
  policyValues,
  policyViews,
} from './policies.js';
export type { PolicyView, ScorePolicy } from './policies.js';
export {
  REPLAY_REPORT_VERSION,
  ReplayOptions,
  runReplay,
  householdsFlagged,
  everInMarks,
} from './replay.js';
export type { PolicyMetric, PolicyResult, ReplayOptionsInput, ReplayReport } from './replay.js';
export { policyRanges, policyDistribution } from './ranges.js';
export { gapWidening } from './widening.js';
export type { GapChange } from './widening.js';
export type { DistributionRow, RangeRow } from './ranges.js';
export { pairedComparison, householdMarks, modelMeasures, trainingLabel } from './paired.js';
export type { PairedMeasure } from './paired.js';
export { crossings } from './crossings.js';
export type { CrossingCount, CrossingRecord } from './crossings.js';
export { householdSizeView } from './household-size.js';
export type { HouseholdSizeRow } from './household-size.js';
export { counterfactualPairs, DEFAULT_COUNTERFACTUAL_FEATURE } from './counterfactual.js';
export type { ChangeCount, CounterfactualResult } from './counterfactual.js';
export { refitData, refit, basePath, pathModel, populationProbability } from './refit.js';
export type { Refit, RefitData } from './refit.js';
export { multiplicity, multiplicityFit } from './multiplicity.js';
export type {
  Candidate,
  MeasureRange,
  MultiplicityFit,
  MultiplicityResult,
} from './multiplicity.js';
export { ABLATION_REPORT_VERSION, AblationOptions, runAblation } from './ablation.js';
export type { AblationOptionsInput, AblationReport, AblationResult, Progress } from './ablation.js';
export {
  REGISTER_FORMAT,
  REGISTER_VERSION,
  UNSIGNED,
  DECISION_IDS,
  Register,
  Decision,
  Evidence,
  Alternative,
  draftRegister,
  attachEvidence,
  parseRegister,
  formatRegister,
  unsignedDecisions,
} from './register.js';
export type { DecisionId, DraftOptions } from './register.js';
