/**
 * report — the presentation layer: report data (versioned JSON) to self-contained HTML. Reports
 * open offline, escape every value and are byte-identical for identical input. Later layers of
 * the pipeline (audit, replay, monitoring) hand their results here; nothing here computes a metric.
 */
export { escapeHtml, formatCell, htmlTable, htmlPage } from './html.js';
export type { Cell, Section } from './html.js';
export { renderSvg, chartFigure } from './chart.js';
export type { ChartSpec } from './chart.js';
export { auditReportHtml, formatValue } from './audit-html.js';
export { calibrationSpec, rocSpec, distributionSpec, xaucSpec } from './audit-charts.js';
// issue 7
export { processReportHtml } from './process-html.js';
export { monitorReportHtml } from './monitor-html.js';
export { fourWaySpec, ratingsSpec, screenInByScoreSpec, supervisorSpec } from './process-charts.js';
export { boundsSpec, contractionSpec, coverageSpec } from './process-labels-charts.js';
export { occupancySpec, periodDate, predictorSpec, seriesSpec } from './monitor-charts.js';
// issue 6: policy replay, ablation and the decision register
export { replayReportHtml } from './policy-replay-html.js';
export { ablationReportHtml } from './policy-ablation-html.js';
export { EXAMPLE_PAIRS_CAPTION } from './policy-parts.js';
export { registerHtml, registerPageHtml } from './register-html.js';
export {
  distributionByPolicySpec,
  changeSpec,
  markedSpec,
  householdSizeSpec,
  multiplicitySpec,
} from './policy-charts.js';
// issue 9: card and publish
export { suppressTable, recoverableCells, withMargins } from './publish-suppress.js';
export type { Suppression } from './publish-suppress.js';
export { publishReport, PUBLIC_REPORT_VERSION, PUBLISHABLE } from './publish.js';
export type { PublicReport, PublishProvenance } from './publish.js';
export { buildCard, buildDatasheet } from './card.js';
export { cardHtml, datasheetHtml } from './card-html.js';
export { LIFECYCLE, STAGE_NAMES, checkStage, evidenceHash } from './card-lifecycle.js';
export { CARD_VERSION, DATASHEET_VERSION } from './card-types.js';
export type {
  CardInput,
  CardInputs,
  Datasheet,
  Fact,
  ModelCard,
  Signature,
  StageEvidence,
} from './card-types.js';
