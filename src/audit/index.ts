/**
 * audit — the per-group core from which every fairness measure is derived (metrics per group and
 * overall, contrasts to a reference group, Wilson and cluster-bootstrap intervals, suppression of
 * small cells, tolerance verdicts, the calibration gap), the audit report as data
 * (`sightline-audit/1`), the readers of what is audited (any scored table; a model on an extract),
 * and the analyses built on the core. Comes after metrics.
 */
export { auditByGroup, AuditOptions } from './group-core.js';
export type { AuditInput, Grouping, DecisionRule, MetricRow, RowState } from './group-core.js';
export { clusterBootstrap, percentileInterval } from './bootstrap.js';
export { calibrationRows, calibrationBins } from './calibration.js';
export { runAudit, AUDIT_REPORT_VERSION } from './audit-report.js';
export type {
  AuditReport,
  AuditRule,
  AuditSpec,
  Exclusion,
  RocCurveRecord,
} from './audit-report.js';
export { readScoredTable } from './scored-table.js';
export type { ScoredColumns, ScoredTable } from './scored-table.js';
export { modelAuditSpec, recordGroupings } from './model-audit.js';
export type { ModelAuditOptions } from './model-audit.js';
export { aucWithInterval, scoreDistribution, protocolRates, ratesAtCut } from './evaluate.js';
export type { AucEstimate } from './evaluate.js';
export { compareModels } from './compare.js';
export type { ComparedModel, ComparisonRow } from './compare.js';
// issue 7: process, labels, monitoring
export * from './process/index.js';
export * from './labels/index.js';
export * from './monitor/index.js';
// issue 6: policy replay
export * from './policy/index.js';
