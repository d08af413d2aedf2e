/**
 * Vega-Lite specs of the process report's charts, from report.json data only (nothing here
 * computes a metric): screen-in rate by score and group, the screener's ratings against the
 * score, override rates by supervisor and the four-way gap (tool alone vs people); the labels
 * charts are in process-labels-charts.ts.
 */
import type { FourWayResult, RatingCell, ScoreRate, SupervisorRate } from '../audit/index.js';
import { PALETTE } from './audit-charts.js';
import type { ChartSpec } from './chart.js';

const colour = (domain: readonly string[], title: string) => ({
  field: 'group',
  type: 'nominal',
  title,
  scale: { domain: [...domain], range: [...PALETTE.slice(0, domain.length - 1), '#666666'] },
  sort: [...domain],
});
const pctAxis = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'quantitative',
  title,
  axis: { format: '%' },
  ...extra,
});

/** Screen-in rate at each score, one line per group, with 95% Wilson intervals. */
export function screenInByScoreSpec(
  rows: readonly ScoreRate[],
  groups: readonly string[],
): ChartSpec {
  const values = rows.map((r) => ({
    group: r.group,
    score: r.score,
    rate: r.rate,
    lo: r.lo,
    hi: r.hi,
    n: r.n,
  }));
  return {
    description: 'Screen-in rate at each score, by household race',
    width: 620,
    height: 280,
    data: { values },
    encoding: {
      x: { field: 'score', type: 'ordinal', title: 'score shown', axis: { labelAngle: 0 } },
      color: colour(groups, 'household'),
    },
    layer: [
      {
        mark: { type: 'rule' },
        encoding: { y: { field: 'lo', ...pctAxis('screened in') }, y2: { field: 'hi' } },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: { field: 'rate', type: 'quantitative' },
          tooltip: [
            { field: 'group' },
            { field: 'score' },
            { field: 'rate', format: '.1%' },
            { field: 'n' },
          ],
        },
      },
    ],
  };
}

/** Risk × safety cells (all referrals): colour the screen-in rate, text the mean score shown. */
export function ratingsSpec(cells: readonly RatingCell[]): ChartSpec {
  const values = cells
    .filter((c) => c.group === 'all')
    .map((c) => ({
      risk: c.risk,
      safety: c.safety,
      rate: c.screenIn.rate,
      n: c.screenIn.n,
      mean: Number.isFinite(c.meanScore) ? c.meanScore.toFixed(1) : '—',
    }));
  const enc = {
    x: {
      field: 'safety',
      type: 'ordinal',
      title: 'screener safety rating (1 no threat – 3 present danger)',
      axis: { labelAngle: 0 },
    },
    y: { field: 'risk', type: 'ordinal', title: 'screener risk rating', sort: 'descending' },
  };
  return {
    description: 'Screen-in rate and mean shown score for each screener risk and safety rating',
    width: 360,
    height: 240,
    data: { values },
    encoding: enc,
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'rate',
            type: 'quantitative',
            title: 'screened in',
            scale: { scheme: 'blues', domain: [0, 1] },
            legend: { format: '%' },
          },
          tooltip: [
            { field: 'risk' },
            { field: 'safety' },
            { field: 'rate', format: '.1%' },
            { field: 'n' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 13 },
        encoding: { text: { field: 'mean' }, color: { value: '#000000' } },
      },
    ],
  };
}

/** Override rate of each supervisor (sorted), with intervals; supervisors with few cases in grey. */
export function supervisorSpec(rows: readonly SupervisorRate[], overall: number): ChartSpec {
  const sorted = [...rows].sort(
    (a, b) => a.rate - b.rate || a.supervisor.localeCompare(b.supervisor),
  );
  const values = sorted.map((r) => ({
    supervisor: r.supervisor,
    rate: r.rate,
    lo: r.lo,
    hi: r.hi,
    n: r.n,
    cases: r.few ? 'few cases' : 'enough cases',
  }));
  const x = {
    field: 'supervisor',
    type: 'nominal',
    sort: sorted.map((r) => r.supervisor),
    title: 'supervisor',
    axis: { labelAngle: -60 },
  };
  return {
    description: 'Override rate of the high-risk protocol by supervisor',
    width: Math.max(300, 16 * values.length),
    height: 240,
    layer: [
      {
        data: { values },
        mark: 'rule',
        encoding: { x, y: { field: 'lo', ...pctAxis('overridden') }, y2: { field: 'hi' } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x,
          y: { field: 'rate', type: 'quantitative' },
          color: {
            field: 'cases',
            type: 'nominal',
            title: '',
            scale: { domain: ['enough cases', 'few cases'], range: ['#0072B2', '#999999'] },
          },
          tooltip: [{ field: 'supervisor' }, { field: 'rate', format: '.1%' }, { field: 'n' }],
        },
      },
      {
        data: { values: [{ overall }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#666666' },
        encoding: { y: { field: 'overall', type: 'quantitative' } },
      },
    ],
  };
}

/** Screen-in rate by group under the tool alone and as people decided, with intervals. */
export function fourWaySpec(f: FourWayResult, groups: readonly string[]): ChartSpec {
  const values = f.rows.flatMap((r) => [
    {
      group: r.group,
      who: 'tool alone',
      rate: r.toolAlone.rate,
      lo: r.toolAlone.lo,
      hi: r.toolAlone.hi,
    },
    {
      group: r.group,
      who: 'people (actual)',
      rate: r.actual.rate,
      lo: r.actual.lo,
      hi: r.actual.hi,
    },
  ]);
  const who = {
    field: 'who',
    type: 'nominal',
    title: 'decided by',
    scale: { domain: ['tool alone', 'people (actual)'], range: ['#E69F00', '#0072B2'] },
  };
  return {
    description:
      'Screen-in rate by household race if the tool alone had decided, and as people decided',
    width: 420,
    height: 240,
    data: { values },
    encoding: {
      x: {
        field: 'group',
        type: 'nominal',
        sort: [...groups],
        title: 'household',
        axis: { labelAngle: 0 },
      },
      xOffset: { field: 'who', sort: ['tool alone', 'people (actual)'] },
      color: who,
    },
    layer: [
      { mark: 'bar', encoding: { y: { field: 'rate', ...pctAxis('screened in') } } },
      {
        mark: { type: 'rule', color: '#000000' },
        encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  };
}
