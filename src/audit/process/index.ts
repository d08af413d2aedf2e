/**
 * audit/process — how referrals were decided (issue 7): the per-referral decision table from an
 * extract, screen-in rates by score and group, the screener's ratings against the score, reliance
 * on each, agreement with the protocol's default, overrides by supervisor and group, the
 * screener's tilt by household race, the four-way table of Cheng et al. (2022), decisions made on
 * a wrong score, and the process report (`sightline-process/1`). Also the small inference helpers
 * (χ² and normal tails, Mantel–Haenszel, Hanley–McNeil) the labels and monitor folders share.
 */
export {
  decisionTable,
  householdRaceOfReferrals,
  namedCounts,
  rowsInWindow,
} from './decision-table.js';
export type { DecisionTable } from './decision-table.js';
export {
  aucCell,
  protocolAgreement,
  ratingsAgainstScore,
  reliance,
  screenInByScore,
  spearman,
} from './decisions.js';
export type {
  AucCell,
  ProtocolAgreement,
  RatingCell,
  RelianceRow,
  ScoreRate,
} from './decisions.js';
export {
  disparity,
  homogeneity,
  overrideAnalysis,
  overrideRows,
  screenerDecidedRows,
  screenerTilt,
  stratifiedOddsRatio,
} from './overrides.js';
export type { DisparityResult, OverrideResult, SupervisorRate } from './overrides.js';
export { fourWay, rateMatchedThreshold } from './four-way.js';
export type { FourWayResult, FourWayRow, ToolRule } from './four-way.js';
export { glitchCheck } from './glitch.js';
export { recomputedScores } from './recomputed.js';
export type { RecomputedScores } from './recomputed.js';
export type { GlitchDirection, GlitchResult } from './glitch.js';
export { countByKeyAndGroup, rateCell, rateDifference, withAll } from './rates.js';
export type { RateCell, RateDifference } from './rates.js';
export {
  aucStandardError,
  chiSquareSurvival,
  gammaQ,
  lnGamma,
  mantelHaenszel,
  normalQuantile,
  twoSidedP,
} from './inference.js';
export type { OddsRatioEstimate, Stratum2x2 } from './inference.js';
export {
  PROCESS_LIMITS,
  PROCESS_REPORT_VERSION,
  ProcessOptions,
  runProcess,
} from './process-report.js';
export type { ProcessPopulation, ProcessReport, ProcessSpec } from './process-report.js';
