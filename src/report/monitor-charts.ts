/**
 * Vega-Lite specs of the monitoring report's charts, from the feed (report.json) only: a time
 * series per measure with one line per group, the 95% band of all records where it has one, threshold lines and
 * alert marks; ventile occupancy as a period × score heatmap of the change from the reference;
 * predictors as a period × predictor heatmap of PSI.
 */
import type { MonitorReport, MonitorSeries } from '../audit/index.js';
import { PALETTE } from './audit-charts.js';
import type { ChartSpec } from './chart.js';

/** First day of a period label (`2015-01` or `2015-Q1`) as an ISO date. */
export function periodDate(label: string): string {
  const q = /^(\d{4})-Q(\d)$/.exec(label);
  if (q) return `${q[1]}-${String(3 * Number(q[2]) - 2).padStart(2, '0')}-01`;
  return `${label}-01`;
}

const time = {
  field: 'date',
  type: 'temporal',
  title: null,
  axis: { format: '%Y', tickCount: 'year' },
};

/** A measure over time, one line per group; thresholds as dashed lines, alerts as red marks. */
export function seriesSpec(
  report: MonitorReport,
  series: readonly MonitorSeries[],
  o: { readonly title: string; readonly percent?: boolean; readonly rules?: readonly number[] },
): ChartSpec {
  const groups = series.map((s) => s.group);
  const values = series
    .flatMap((s) =>
      report.periods.map((p, k) => ({
        group: s.group,
        date: periodDate(p),
        period: p,
        value: s.values[k],
        lo: s.lo?.[k] ?? null,
        hi: s.hi?.[k] ?? null,
        status: s.status?.[k] ?? 'ok',
        n: s.n[k],
      })),
    )
    .filter((v) => v.value !== null);
  const colour = {
    field: 'group',
    type: 'nominal',
    title: 'household',
    scale: { domain: groups, range: [...PALETTE.slice(0, groups.length - 1), '#666666'] },
  };
  const y = {
    field: 'value',
    type: 'quantitative',
    title: o.title,
    ...(o.percent ? { axis: { format: '%' } } : {}),
  };
  const layers: Record<string, unknown>[] = [];
  if (series.some((s) => s.lo !== undefined)) {
    // One band (all records) keeps the chart readable; report.json has every group's interval.
    layers.push({
      transform: [{ filter: "datum.group === 'all'" }],
      mark: { type: 'area', opacity: 0.15, color: '#666666' },
      encoding: { x: time, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
    });
  }
  layers.push(
    {
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: time,
        y,
        color: colour,
        tooltip: [
          { field: 'group' },
          { field: 'period' },
          { field: 'value' },
          { field: 'n' },
          { field: 'status' },
        ],
      },
    },
    {
      transform: [{ filter: "datum.status === 'alert'" }],
      mark: { type: 'point', shape: 'triangle-up', filled: true, size: 60, color: '#C00000' },
      encoding: { x: time, y: { field: 'value', type: 'quantitative' } },
    },
  );
  for (const r of o.rules ?? []) {
    layers.push({
      data: { values: [{ r }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#999999' },
      encoding: { y: { field: 'r', type: 'quantitative' } },
    });
  }
  return {
    description: `${o.title} by period and household race`,
    width: 640,
    height: 200,
    data: { values },
    layer: layers,
  };
}

/** Occupancy of each score per period (all records) as the change in share from the reference. */
export function occupancySpec(report: MonitorReport): ChartSpec {
  const occ = report.occupancy!;
  const all = report.groups.length - 1;
  const ref = occ.reference[all]!;
  const values = report.periods
    .flatMap((p, k) =>
      occ.shares[k]![all]!.map((share, s) => ({
        date: periodDate(p),
        period: p,
        score: s + 1,
        share,
        change: share === null || ref[s] === null ? null : share - ref[s]!,
      })),
    )
    .filter((v) => v.change !== null);
  return {
    description: 'Share of records at each score per period, minus the reference share',
    width: 640,
    height: 300,
    data: { values },
    mark: 'rect',
    encoding: {
      x: { ...time, timeUnit: 'yearmonth' },
      y: { field: 'score', type: 'ordinal', sort: 'descending', title: 'score' },
      color: {
        field: 'change',
        type: 'quantitative',
        title: 'share − reference',
        scale: { scheme: 'redblue', reverse: true, domainMid: 0 },
        legend: { format: '+%' },
      },
      tooltip: [
        { field: 'period' },
        { field: 'score' },
        { field: 'share', format: '.1%' },
        { field: 'change', format: '+.1%' },
      ],
    },
  };
}

/** How many predictors the heatmap shows at most (those that moved most). */
export const MAX_PREDICTORS_SHOWN = 40;

/** The PSI series (all records) of the predictors that moved most, largest PSI first. */
export function topPredictors(report: MonitorReport): MonitorSeries[] {
  const max = (s: MonitorSeries) => Math.max(0, ...s.values.map((v) => v ?? 0));
  return report.series
    .filter((s) => s.quantity.startsWith('predictor:') && s.measure === 'psi' && s.group === 'all')
    .map((s) => ({ s, m: max(s) }))
    .sort((a, b) => b.m - a.m || (a.s.quantity < b.s.quantity ? -1 : 1))
    .slice(0, MAX_PREDICTORS_SHOWN)
    .map((x) => x.s);
}

/** PSI per period (all records) of the predictors that moved most, alerts marked. */
export function predictorSpec(report: MonitorReport): ChartSpec {
  const psi = topPredictors(report);
  const values = psi
    .flatMap((s) =>
      report.periods.map((p, k) => ({
        predictor: s.quantity.slice('predictor:'.length),
        date: periodDate(p),
        period: p,
        psi: s.values[k] === null ? null : Math.min(0.5, s.values[k]!),
        status: s.status?.[k] ?? 'ok',
      })),
    )
    .filter((v) => v.psi !== null);
  return {
    description: 'PSI of each predictor per period against the reference',
    width: 420,
    height: Math.max(120, 14 * psi.length),
    data: { values },
    encoding: {
      x: { ...time, timeUnit: 'yearmonth' },
      y: {
        field: 'predictor',
        type: 'nominal',
        title: null,
        sort: psi.map((s) => s.quantity.slice('predictor:'.length)),
        axis: { labelLimit: 400, labelFontSize: 11 },
      },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'psi',
            type: 'quantitative',
            title: 'PSI (≤ 0.5)',
            scale: { scheme: 'oranges', domain: [0, 0.5] },
          },
          tooltip: [
            { field: 'predictor' },
            { field: 'period' },
            { field: 'psi' },
            { field: 'status' },
          ],
        },
      },
      {
        transform: [{ filter: "datum.status === 'alert'" }],
        mark: { type: 'point', shape: 'triangle-up', filled: true, size: 30, color: '#C00000' },
      },
    ],
  };
}
