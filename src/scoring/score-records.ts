/**
 * Scores every child-referral record of a feature set with a model file, exactly as configured:
 * probability → score on the file's scale → household score by its aggregation policy →
 * protocol of the household by its rule set (from the children's scores and ages).
 */
import { ALLEGATION } from '../contract/index.js';
import type { FeatureSet } from '../features/index.js';
import { applyScale } from './scale.js';
import { aggregateScores, householdProtocols } from './household.js';
import type { Protocol } from './protocol.js';
import { predictModel, type ModelFile } from './model-file.js';

/** Per record: probability, score, household score and protocol, plus the law's exemption. */
export interface ScoredRecords {
  readonly probability: Float64Array;
  readonly score: Float64Array;
  readonly householdScore: Float64Array;
  readonly protocol: Protocol[];
  /** 1 where the allegation (abuse, severe neglect) must be investigated by law, unscored by design. */
  readonly lawRequiresInvestigation: Uint8Array;
}

const MANDATORY = new Set([ALLEGATION.indexOf('abuse'), ALLEGATION.indexOf('severe_neglect')]);

/**
 * Scores all records (the model's features are matched by name in fs.matrix).
 * @example const s = scoreRecords(file, buildFeatures(extract)); s.protocol[0]
 */
export function scoreRecords(
  file: ModelFile,
  fs: FeatureSet,
  probability?: Float64Array,
): ScoredRecords {
  const p = probability ?? predictModel(file, fs.matrix);
  const score = applyScale(file.scale, p);
  const r = fs.records;
  const householdScore = aggregateScores(score, r.household, file.aggregation, r.isAllegedVictim);
  const protocol = householdProtocols(file.protocol, score, r.age, r.household);
  const lawRequiresInvestigation = Uint8Array.from(r.allegation, (a) => (MANDATORY.has(a) ? 1 : 0));
  return { probability: p, score, householdScore, protocol, lawRequiresInvestigation };
}
