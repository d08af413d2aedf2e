/**
 * audit — the per-group core from which every fairness measure is derived (metrics per group and
 * overall, contrasts to a reference group, Wilson and cluster-bootstrap intervals, suppression of
 * small cells, tolerance verdicts), and the analyses built on it. Comes after metrics.
 */
export { auditByGroup, AuditOptions } from './group-core.js';
export type { AuditInput, Grouping, DecisionRule, MetricRow, RowState } from './group-core.js';
export { clusterBootstrap, percentileInterval } from './bootstrap.js';
export { calibrationRows, calibrationBins } from './calibration.js';
export { aucWithInterval, scoreDistribution, protocolRates, ratesAtCut } from './evaluate.js';
export type { AucEstimate } from './evaluate.js';
