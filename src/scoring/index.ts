/**
 * scoring — the one place scores are made, for the service and the audit alike: score scales
 * (ventiles 1–20 by default, deciles, raw probability) with their cut points and reference
 * population, household aggregation policies, and versioned protocol rule sets. Comes after
 * models in the pipeline; imports only earlier layers.
 */
export {
  ScoreScale,
  ScalePopulation,
  fitQuantileScale,
  scoreOf,
  applyScale,
  maxScore,
} from './scale.js';
export { ProtocolRules, HighRule, LowRule, PROTOCOL_PRESETS, applyProtocol } from './protocol.js';
export type { Protocol } from './protocol.js';
export { AGGREGATIONS, aggregateScores, householdProtocols } from './household.js';
export type { Aggregation } from './household.js';
export {
  ModelFile,
  TrainingRecord,
  MODEL_FILE_VERSION,
  parseModelFile,
  formatModelFile,
  predictModel,
  predictAnyModel,
  modelSummary,
} from './model-file.js';
export {
  TrainOptions,
  trainModel,
  parseTrainOptions,
  populationRows,
  selectColumns,
} from './train.js';
export {
  DEFAULT_LAMBDA_MIN_RATIO,
  MODEL_KINDS,
  ModelOptions,
  TRAIN_FOREST_DEFAULTS,
  TRAIN_GBT_DEFAULTS,
  lassoParamsOf,
} from './fit-model.js';
export type { ModelKind } from './fit-model.js';
export type { TrainResult, TrainOptionsInput } from './train.js';
export { naiveValidation } from './naive.js';
export type { NaiveResult } from './naive.js';
export { scoreRecords } from './score-records.js';
export { explainRecords, featureGroup } from './explain.js';
export { cutPointScale, importedModelFile } from './import-model.js';
export type { ContributionSum, Explanation, FeatureContribution } from './explain.js';
export type { ScoredRecords } from './score-records.js';
