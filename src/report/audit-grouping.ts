/**
 * One section of the audit report per grouping: calibration by score (chart, calibration gap,
 * recalibration), ROC curves and AUC, the xAUC matrix and balanced xAUC, error rates at each
 * decision rule with the differences from the reference group, and the score distribution.
 */
import type { AuditReport, MetricRow } from '../audit/index.js';
import { chartFigure } from './chart.js';
import type { Section } from './html.js';
import { calibrationSpec, distributionSpec, rocSpec, xaucSpec, PALETTE } from './audit-charts.js';
import {
  CALIBRATION_NOTES,
  DISTRIBUTION_NOTES,
  RATE_NOTES,
  ROC_NOTES,
  XAUC_NOTES,
} from './audit-notes.js';
import { cell, groupingTitle, notes, table } from './audit-tables.js';

/** A column of a pivoted table: one measure (with its contrast and rule) per column. */
interface Column {
  readonly head: string;
  readonly metric: string;
  readonly contrast?: string;
  readonly threshold?: string;
  readonly n?: boolean;
}

/** What every part of a grouping section needs. */
interface Ctx {
  readonly report: AuditReport;
  readonly name: string;
  readonly id: string;
  readonly title: string;
  readonly ref: string;
  /** Groups with records, then `all`; groups drawn in charts; groups other than the reference. */
  readonly labels: readonly string[];
  readonly shown: readonly string[];
  readonly others: readonly string[];
  /** The grouping's rows without and with a score. */
  readonly rows: readonly MetricRow[];
  readonly all: readonly MetricRow[];
}

/** One row per group, one column per measure. */
function pivot(c: Ctx, caption: string, columns: readonly Column[], groups = c.labels): string {
  const find = (col: Column, group: string) =>
    c.rows.find(
      (r) =>
        r.metric === col.metric &&
        r.group === group &&
        r.contrast === col.contrast &&
        r.threshold === col.threshold,
    );
  return table(
    caption,
    ['group', ...columns.map((col) => col.head)],
    groups
      .map((grp) => [grp, ...columns.map((col) => cell(find(col, grp), col.n))])
      .filter((r) => r.slice(1).some((x) => typeof x !== 'string' && x.text !== '—')),
  );
}

async function calibrationPart(c: Ctx): Promise<string[]> {
  const outcome = c.report.population.outcome;
  return [
    `<h3>Calibration: does the same score mean the same risk?</h3>`,
    notes(CALIBRATION_NOTES),
    await chartFigure(
      `${c.id}-calibration`,
      `Observed rate of ${outcome} at each score, by ${c.title}, with 95% intervals`,
      `Dot chart of the observed outcome rate at each score for each ${c.title} group, with vertical 95% interval bars.`,
      calibrationSpec(c.all, c.shown, c.title, outcome),
    ),
    pivot(
      c,
      `Calibration gap against ${c.ref}: observed outcomes against those expected at ${c.ref}'s rate for the same scores`,
      [
        { head: 'observed / expected (ratio)', metric: 'calibration_gap', contrast: 'ratio' },
        {
          head: 'observed − expected, per record',
          metric: 'calibration_gap',
          contrast: 'difference',
        },
      ],
      c.others,
    ),
    pivot(
      c,
      'Outcome rate, Brier score and logistic recalibration (intercept 0 and slope 1 mean calibrated)',
      [
        { head: 'outcome rate', metric: 'base_rate', n: true },
        { head: 'Brier score', metric: 'brier' },
        { head: 'calibration intercept', metric: 'calibration_intercept' },
        { head: 'calibration slope', metric: 'calibration_slope' },
      ],
    ),
  ];
}

async function rankingPart(c: Ctx): Promise<string[]> {
  return [
    `<h3>Ranking: ROC curves and AUC</h3>`,
    notes(ROC_NOTES),
    await chartFigure(
      `${c.id}-roc`,
      `ROC curve of each ${c.title} group, with each decision rule’s operating point`,
      `Line chart of true positive rate against false positive rate for each ${c.title} group, with a dashed chance diagonal and dots where each decision rule operates.`,
      rocSpec(
        c.report.curves.filter((r) => r.grouping === c.name),
        c.rows,
        c.shown,
        c.title,
      ),
    ),
    pivot(c, 'AUC by group, and its difference from the reference group', [
      { head: 'AUC', metric: 'auc', n: true },
      { head: `difference from ${c.ref}`, metric: 'auc', contrast: 'difference' },
    ]),
    `<h3>Ranking across groups: xAUC</h3>`,
    notes(XAUC_NOTES),
    await chartFigure(
      `${c.id}-xauc`,
      `xAUC matrix by ${c.title}: the chance that a record with the outcome from the row group outranks one without it from the column group`,
      `Heatmap of xAUC values with the positives' group on rows and the negatives' group on columns; the diagonal holds each group's AUC.`,
      xaucSpec(c.rows, c.shown),
    ),
    pivot(c, 'Balanced xAUC', [
      { head: 'outcome side: its positives against everyone’s negatives', metric: 'xauc_pos' },
      { head: 'no-outcome side: everyone’s positives against its negatives', metric: 'xauc_neg' },
    ]),
  ];
}

function ratesPart(c: Ctx): string[] {
  const rules = c.report.rules.flatMap((rule) => {
    const at = (head: string, metric: string, contrast?: string): Column => ({
      head,
      metric,
      threshold: rule.label,
      ...(contrast ? { contrast } : { n: true }),
    });
    return [
      pivot(
        c,
        `At ${rule.label} (${rule.description}): rates with 95% Wilson intervals and their denominators`,
        [
          at('share flagged', 'selection_rate'),
          at('true positive rate', 'tpr'),
          at('false positive rate', 'fpr'),
          at('false negative rate', 'fnr'),
          at('positive predictive value', 'ppv'),
        ],
      ),
      pivot(
        c,
        `At ${rule.label}: differences from ${c.ref}, with verdicts`,
        [
          at('false positive rate', 'fpr', 'difference'),
          at('false negative rate', 'fnr', 'difference'),
          at('share flagged (ratio)', 'selection_rate', 'ratio'),
          at('positive predictive value', 'ppv', 'difference'),
        ],
        c.others,
      ),
    ];
  });
  return [`<h3>Error rates at the decision rules</h3>`, notes(RATE_NOTES), ...rules];
}

/** The section of one grouping. */
export async function groupingSection(
  report: AuditReport,
  g: AuditReport['groupings'][number],
): Promise<Section> {
  const minCell = Number(report.options.minCell ?? 10);
  const present = g.groups.filter((x) => x.rows > 0);
  const labels = [...present.map((x) => x.label), 'all'];
  const c: Ctx = {
    report,
    name: g.name,
    id: `g-${g.name}`.replace(/[^a-z0-9_-]/gi, '-'),
    title: groupingTitle(g.name),
    ref: g.reference,
    labels,
    shown: g.groups
      .filter((x) => x.rows >= minCell)
      .map((x) => x.label)
      .slice(0, PALETTE.length),
    others: labels.filter((l) => l !== g.reference && l !== 'all'),
    rows: report.metrics.filter((m) => m.grouping === g.name && m.score === undefined),
    all: report.metrics.filter((m) => m.grouping === g.name),
  };
  const counts = present.map(
    (x) =>
      `${x.label}: ${x.rows.toLocaleString('en-US')} records, ${x.positives.toLocaleString('en-US')} with the outcome`,
  );
  const parts = [
    ...(await calibrationPart(c)),
    ...(await rankingPart(c)),
    ...ratesPart(c),
    `<h3>Score distribution</h3>`,
    notes(DISTRIBUTION_NOTES),
    await chartFigure(
      `${c.id}-distribution`,
      `Share of each ${c.title} group’s records at each score`,
      `Bar chart of the share of records at each score for each ${c.title} group.`,
      distributionSpec(c.all, c.shown, c.title),
    ),
  ];
  return {
    id: c.id,
    title: `By ${c.title}`,
    notes: [
      `Reference group: ${c.ref}. ${counts.join('; ')}.${c.shown.length < g.groups.length ? ` Groups with fewer than ${minCell} records are left out of the charts.` : ''}`,
    ],
    html: parts.join('\n'),
  };
}
