/**
 * Vega-Lite specs of the selective-labels charts of the process report, from report.json data
 * only: label coverage by status and group, the worst-to-best range of AUC and FPR over the
 * unobserved outcomes, and the contraction curve against the screeners.
 */
import type { ContractionResult, CoverageRow, SelectiveLabelsResult } from '../audit/index.js';
import type { ChartSpec } from './chart.js';

const pctAxis = (title: string) => ({ type: 'quantitative', title, axis: { format: '%' } });

/** Share of each group's matured records in each label status (stacked). */
export function coverageSpec(rows: readonly CoverageRow[], groups: readonly string[]): ChartSpec {
  const statuses = ['screened_in', 'out_then_screened_in', 'out_unobserved', 'undecided'];
  const values = rows
    .filter((r) => r.status !== 'all' && r.records > 0)
    .map((r) => ({ group: r.group, status: r.status, share: r.share, records: r.records }));
  return {
    description:
      'Whose outcome is observed: share of matured records by label status and household race',
    width: 420,
    height: 200,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'group', type: 'nominal', sort: [...groups], title: 'household' },
      x: {
        field: 'share',
        type: 'quantitative',
        stack: 'normalize',
        title: 'share of matured records',
        axis: { format: '%' },
      },
      color: {
        field: 'status',
        type: 'nominal',
        title: 'outcome',
        sort: statuses,
        scale: { domain: statuses, range: ['#0072B2', '#56B4E9', '#D55E00', '#999999'] },
        legend: { labelLimit: 260 },
      },
      order: { field: 'status', sort: 'ascending' },
      tooltip: [
        { field: 'group' },
        { field: 'status' },
        { field: 'share', format: '.1%' },
        { field: 'records' },
      ],
    },
  };
}

/** Observed AUC and FPR with their worst-to-best range over the unobserved outcomes, per group. */
export function boundsSpec(s: SelectiveLabelsResult): ChartSpec {
  const values = s.bounds.flatMap((b) => [
    { group: b.group, measure: 'AUC', observed: b.auc.observed, min: b.auc.min, max: b.auc.max },
    {
      group: b.group,
      measure: `FPR at score ≥ ${s.cut}`,
      observed: b.atCut.fpr.observed,
      min: b.atCut.fpr.min,
      max: b.atCut.fpr.max,
    },
  ]);
  return {
    description:
      'AUC and FPR on the observed records, with the worst and best case over every labelling of the unobserved ones',
    data: { values },
    facet: { row: { field: 'measure', type: 'nominal', title: null } },
    spec: {
      width: 420,
      height: 90,
      encoding: { y: { field: 'group', type: 'nominal', title: 'household' } },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 6, color: '#cccccc' },
          encoding: {
            x: { field: 'min', type: 'quantitative', title: 'value', scale: { domain: [0, 1] } },
            x2: { field: 'max' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 80, color: '#0072B2' },
          encoding: { x: { field: 'observed', type: 'quantitative' } },
        },
      ],
    },
  };
}

/** The model's failure rate on the lenient caseload (line) and people's (points). */
export function contractionSpec(c: ContractionResult): ChartSpec {
  const line = c.curve.filter((p) => Number.isFinite(p.failureRate));
  const people = [
    {
      label: 'most lenient screeners',
      screenOutRate: c.lenient.screenOutRate,
      failureRate: c.lenient.failureRate,
    },
    ...c.bands.map((b) => ({
      label: `screeners, ${b.label}`,
      screenOutRate: b.screenOutRate,
      failureRate: b.failureRate,
    })),
  ];
  const x = {
    field: 'screenOutRate',
    type: 'quantitative',
    title: 'screen-out rate',
    axis: { format: '%' },
  };
  const y = { field: 'failureRate', ...pctAxis('failure rate (screened out, then placed)') };
  return {
    description:
      'Failure rate at each screen-out rate: the model on the most lenient screeners’ cases, and the other screeners',
    width: 480,
    height: 280,
    layer: [
      { data: { values: line }, mark: { type: 'line', color: '#E69F00' }, encoding: { x, y } },
      {
        data: { values: people },
        mark: { type: 'point', filled: true, size: 70, color: '#0072B2' },
        encoding: {
          x,
          y,
          tooltip: [
            { field: 'label' },
            { field: 'screenOutRate', format: '.1%' },
            { field: 'failureRate', format: '.2%' },
          ],
        },
      },
    ],
  };
}
