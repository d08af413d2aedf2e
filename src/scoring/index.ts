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
  modelSummary,
} from './model-file.js';
export {
  TrainOptions,
  DEFAULT_LAMBDA_MIN_RATIO,
  trainModel,
  parseTrainOptions,
  populationRows,
  selectColumns,
  lassoParamsOf,
} from './train.js';
export type { TrainResult, TrainOptionsInput } from './train.js';
export { naiveValidation } from './naive.js';
export type { NaiveResult } from './naive.js';
export { scoreRecords } from './score-records.js';
export type { ScoredRecords } from './score-records.js';
