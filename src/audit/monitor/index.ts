/**
 * audit/monitor — monthly (or quarterly) monitoring (issue 7): periods, the reference window,
 * distribution checks (PSI with a documented binning and empty-bin rule, Jensen–Shannon beside
 * it) of the score and each predictor, ventile occupancy, call volume against its seasonal
 * reference, screen-in and override rates, AUC and observed/expected outcomes once outcome
 * windows close — all by group, each check with a size threshold and a test at level α — and the
 * monitoring feed (`sightline-monitor/1`).
 */
export {
  periodDays,
  periodLabel,
  periodOfDay,
  seasonOf,
  yearMonthOfDay,
  dayOfYearMonth,
} from './periods.js';
export type { PeriodUnit } from './periods.js';
export { binCodes, classify, distributionCheck } from './checks.js';
export type { CheckStatus, DistributionCheck, DistributionThresholds } from './checks.js';
export { volumeCheck, volumeModel } from './volume.js';
export type { VolumeCheck, VolumeModel, VolumePeriod, VolumeThresholds } from './volume.js';
export { aucWithSe, kishSize, performanceCheck, rateCheck } from './outcome-checks.js';
export type { PerformanceCheck, PerformanceThresholds, RateCheck } from './outcome-checks.js';
export {
  clusterSums,
  countFrame,
  effectiveSizes,
  makeFrame,
  referenceRows,
  rowPeriods,
} from './frame.js';
export type { Frame } from './frame.js';
export {
  distributionSeries,
  mergeThinBins,
  MIN_BIN_SHARE,
  roundFeed,
  ventileOccupancy,
} from './series.js';
export type { MonitorSeries } from './series.js';
export { performanceSeries, rateSeries, volumeSeries } from './decision-series.js';
export type { OutcomeColumns, RateThresholds } from './decision-series.js';
export { MONITOR_REPORT_VERSION, MonitorOptions, runMonitor } from './monitor-report.js';
export type { MonitorAlert, MonitorInput, MonitorReport } from './monitor-report.js';
export { modelMonitorInput, modelPredictors, modelReference } from './monitor-input.js';
