/**
 * Vega-Lite specs of the audit report's charts, built from report.json rows only (nothing here
 * computes a metric): observed outcome rate per score by group with 95% intervals (Chouldechova
 * et al. 2018, Figure 4), ROC curves by group with each rule's operating point (Figure 5), the
 * score distribution by group, and the xAUC matrix as a heatmap.
 */
import type { MetricRow, RocCurveRecord } from '../audit/index.js';
import type { ChartSpec } from './chart.js';

/** Colours that stay apart for colour-blind readers (Okabe–Ito), then greys. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#999999',
  '#666666',
];

const colour = (groups: readonly string[], title: string) => ({
  field: 'group',
  type: 'nominal',
  title,
  scale: { domain: [...groups], range: PALETTE.slice(0, groups.length) },
  sort: [...groups],
});

/** Score axis: ordinal over every score of the grouping (so charts share it), short labels. */
const scoreAxis = (title: string, rows: readonly MetricRow[]) => ({
  field: 'score',
  type: 'ordinal',
  title,
  scale: {
    domain: [...new Set(rows.filter((r) => r.score !== undefined).map((r) => r.score!))].sort(
      (a, b) => a - b,
    ),
  },
  axis: { labelAngle: 0, format: '~r', formatType: 'number', labelOverlap: true },
});

/**
 * Observed outcome rate per score and group with 95% Wilson intervals. Suppressed cells are left
 * out by the caller's rows (they have no value).
 */
export function calibrationSpec(
  rows: readonly MetricRow[],
  groups: readonly string[],
  groupingTitle: string,
  outcome: string,
): ChartSpec {
  const values = rows
    .filter((r) => r.metric === 'calibration' && r.value !== null && groups.includes(r.group))
    .map((r) => ({ group: r.group, score: r.score, rate: r.value, lo: r.lo, hi: r.hi, n: r.n }));
  const x = scoreAxis('score', rows);
  return {
    description: `Observed rate of ${outcome} at each score, by ${groupingTitle}`,
    width: 620,
    height: 300,
    data: { values },
    encoding: {
      x,
      xOffset: { field: 'group', sort: [...groups] },
      color: colour(groups, groupingTitle),
    },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          y: {
            field: 'lo',
            type: 'quantitative',
            title: 'observed outcome rate',
            axis: { format: '%' },
          },
          y2: { field: 'hi' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          y: { field: 'rate', type: 'quantitative' },
          tooltip: [
            { field: 'group' },
            { field: 'score' },
            { field: 'rate', format: '.1%' },
            { field: 'n', title: 'records' },
          ],
        },
      },
    ],
  };
}

/** ROC curves of each group, the chance diagonal, and each rule's operating point per group. */
export function rocSpec(
  curves: readonly RocCurveRecord[],
  points: readonly MetricRow[],
  groups: readonly string[],
  groupingTitle: string,
): ChartSpec {
  const lines = curves
    .filter((c) => groups.includes(c.group))
    .flatMap((c) =>
      c.points
        .filter((p) => Number.isFinite(p.fpr) && Number.isFinite(p.tpr))
        .map((p, k) => ({ group: c.group, k, fpr: p.fpr, tpr: p.tpr })),
    );
  const byKey = new Map<string, { group: string; rule: string; fpr?: number; tpr?: number }>();
  for (const r of points) {
    if ((r.metric !== 'fpr' && r.metric !== 'tpr') || r.value === null || r.contrast) continue;
    if (!groups.includes(r.group) || r.threshold === undefined) continue;
    const key = `${r.group}|${r.threshold}`;
    const e = byKey.get(key) ?? { group: r.group, rule: r.threshold };
    e[r.metric] = r.value;
    byKey.set(key, e);
  }
  const marks = [...byKey.values()].filter((e) => e.fpr !== undefined && e.tpr !== undefined);
  const axis = (field: string, title: string) => ({
    field,
    type: 'quantitative',
    title,
    scale: { domain: [0, 1] },
    axis: { format: '%' },
  });
  return {
    width: 380,
    height: 380,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: 'line', color: '#999999', strokeDash: [4, 4] },
        encoding: { x: axis('fpr', 'false positive rate'), y: axis('tpr', 'true positive rate') },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          order: { field: 'k', type: 'quantitative' },
          color: colour(groups, groupingTitle),
        },
      },
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 110, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' },
          y: { field: 'tpr', type: 'quantitative' },
          color: colour(groups, groupingTitle),
          shape: { field: 'rule', type: 'nominal', title: 'decision rule' },
          tooltip: [
            { field: 'group' },
            { field: 'rule' },
            { field: 'fpr', format: '.1%' },
            { field: 'tpr', format: '.1%' },
          ],
        },
      },
    ],
  };
}

/** Share of each group's records at each score (bars side by side). */
export function distributionSpec(
  rows: readonly MetricRow[],
  groups: readonly string[],
  groupingTitle: string,
): ChartSpec {
  const values = rows
    .filter((r) => r.metric === 'score_share' && r.value !== null && groups.includes(r.group))
    .map((r) => ({ group: r.group, score: r.score, share: r.value }));
  return {
    width: 620,
    height: 220,
    data: { values },
    mark: 'bar',
    encoding: {
      x: scoreAxis('score', rows),
      xOffset: { field: 'group', sort: [...groups] },
      y: {
        field: 'share',
        type: 'quantitative',
        title: 'share of the group',
        axis: { format: '%' },
      },
      color: colour(groups, groupingTitle),
    },
  };
}

/** The xAUC matrix: rows are the positives' group, columns the negatives' group; diagonal = AUC. */
export function xaucSpec(rows: readonly MetricRow[], groups: readonly string[]): ChartSpec {
  const values: { pos: string; neg: string; value: number; label: string }[] = [];
  for (const r of rows) {
    if (r.value === null || r.contrast || !groups.includes(r.group)) continue;
    if (r.metric === 'auc')
      values.push({ pos: r.group, neg: r.group, value: r.value, label: r.value.toFixed(2) });
    if (r.metric === 'xauc' && r.versus !== undefined && groups.includes(r.versus)) {
      values.push({ pos: r.group, neg: r.versus, value: r.value, label: r.value.toFixed(2) });
    }
  }
  const side = Math.max(160, 56 * groups.length);
  return {
    width: side,
    height: side,
    data: { values },
    encoding: {
      x: {
        field: 'neg',
        type: 'nominal',
        sort: [...groups],
        title: 'without the outcome (column)',
        axis: { labelAngle: -30 },
      },
      y: {
        field: 'pos',
        type: 'nominal',
        sort: [...groups],
        title: 'with the outcome (row)',
      },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: 'xAUC',
            scale: { scheme: 'blues', domain: [0.5, 1] },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 13 },
        encoding: {
          text: { field: 'label' },
          color: { condition: { test: 'datum.value > 0.8', value: '#ffffff' }, value: '#1a1a1a' },
        },
      },
    ],
  };
}
