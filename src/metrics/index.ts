/**
 * metrics — AUC, xAUC (both directions and the balanced forms) with ½ credit for ties, ROC curves
 * with the operating point of any threshold, confusion-matrix metrics at any decision rule,
 * calibration (Brier, logistic recalibration slope and intercept), score distributions per group,
 * rate intervals and drift. Every metric takes row subsets (Uint32Array) instead of copies,
 * documents its NaN handling, is registered in METRICS, and is checked against hand-worked
 * DOMAIN.md vectors and scikit-learn fixtures. Comes after scoring; the audit layer derives every
 * per-group measure from these definitions.
 */
export { auc, xauc, xaucBalanced, pairwiseAuc } from './auc.js';
export { rocCurve, rocPoint, thinCurve } from './roc.js';
export type { RocPoint } from './roc.js';
export { brier, calibrationFit, logit, sigmoid } from './calibration.js';
export type { CalibrationFit } from './calibration.js';
export { distributionByGroup } from './distribution.js';
export type { ScoreDistribution } from './distribution.js';
export { thresholdMetrics, atLeast, topShareThreshold } from './threshold.js';
export type { ThresholdCounts } from './threshold.js';
export { wilson, newcombeDifference, moverRatio } from './interval.js';
export { sortByScore, sortedPairAuc } from './sorted.js';
export { driftBins, binCounts, psi, jensenShannon } from './drift.js';
export type { DriftBins } from './drift.js';
export { METRICS } from './registry.js';
export type { MetricData, MetricSpec } from './registry.js';
