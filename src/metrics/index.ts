/**
 * metrics — AUC and xAUC with ½ credit for ties, confusion-matrix metrics at any decision rule,
 * and rate intervals. Every metric takes row subsets (Uint32Array) instead of copies, documents
 * its NaN handling, and is checked against hand-worked DOMAIN.md vectors. Comes after scoring;
 * the audit layer derives every per-group measure from these functions.
 */
export { auc, xauc, pairwiseAuc } from './auc.js';
export { thresholdMetrics, atLeast, topShareThreshold } from './threshold.js';
export type { ThresholdCounts } from './threshold.js';
export { wilson } from './interval.js';
export { sortByScore, sortedPairAuc } from './sorted.js';
export { driftBins, binCounts, psi, jensenShannon } from './drift.js';
export type { DriftBins } from './drift.js';
