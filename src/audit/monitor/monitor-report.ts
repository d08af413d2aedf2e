/**
 * Monthly (or quarterly) monitoring as data: report.json, `sightline-monitor/1`, a feed a
 * dashboard can read. For each period of the monitored range and each group (household race, and
 * all): the score distribution and each predictor against the reference window (PSI with JSD),
 * ventile occupancy, call volume, screen-in and override rates, and — once the two-year outcome
 * windows close — AUC and observed/expected outcomes; every check with its verdict (checks.ts),
 * and the alerts listed. The false-alarm statement is computed from the number of checks made.
 */
import { z } from 'zod';
import { parseDate, formatDate, type Column, type Issue, issue } from '../../core/index.js';
import type { DecisionTable } from '../process/index.js';
import type { CheckStatus } from './checks.js';
import {
  performanceSeries,
  rateSeries,
  volumeSeries,
  type OutcomeColumns,
} from './decision-series.js';
import { effectiveSizes, makeFrame, referenceRows, rowPeriods, type Frame } from './frame.js';
import { distributionSeries, roundFeed, ventileOccupancy, type MonitorSeries } from './series.js';

/** Version tag of the monitoring feed. */
export const MONITOR_REPORT_VERSION = 'sightline-monitor/1';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** Options and thresholds of monitoring (parse with the reference window for the defaults). */
export const MonitorOptions = z.strictObject({
  by: z.enum(['month', 'quarter']).default('month'),
  /** Monitored range [from, to); default: the reference window's start to the day after as_of. */
  from: DAY.optional(),
  to: DAY.optional(),
  /** Reference window [referenceFrom, referenceTo): by default the model's training window. */
  referenceFrom: DAY,
  referenceTo: DAY,
  /** Level of every check's test: with no change, a check alarms with probability ≤ alpha. */
  alpha: z.number().gt(0).lt(1).default(0.001),
  /** Fewer records (expected calls, for volume) than this: no verdict. */
  minRecords: z.number().int().min(1).default(50),
  psiWarn: z.number().min(0).default(0.1),
  psiAlert: z.number().min(0).default(0.25),
  /** On |observed/expected − 1| of call volume. */
  volumeWarn: z.number().min(0).default(0.075),
  volumeAlert: z.number().min(0).default(0.15),
  /** On the absolute change of the screen-in and override rates. */
  rateWarn: z.number().min(0).default(0.05),
  rateAlert: z.number().min(0).default(0.1),
  /** On the drop of AUC below the reference. */
  aucWarn: z.number().min(0).default(0.03),
  aucAlert: z.number().min(0).default(0.05),
  /** On O/E outside [1/(1 + x), 1 + x]. */
  oeWarn: z.number().min(0).default(0.1),
  oeAlert: z.number().min(0).default(0.25),
});
export type MonitorOptions = z.input<typeof MonitorOptions>;

/** What is monitored. */
export interface MonitorInput {
  /** Per child-referral record: call day, group, score, probability, label, decision. */
  readonly records: OutcomeColumns;
  /** Highest score of a quantile scale (ventile occupancy), null for a probability scale. */
  readonly maxScore: number | null;
  readonly predictors: readonly { readonly name: string; readonly column: Column }[];
  readonly referrals: DecisionTable;
  /** Family (cluster) of each referral row, as records' `cluster` numbers them. */
  readonly referralCluster: Uint32Array;
  readonly groups: readonly string[];
  readonly asOfDay: number;
  readonly source: Readonly<Record<string, unknown>>;
}

/** One alert or warning of the feed. */
export interface MonitorAlert {
  readonly period: string;
  readonly group: string;
  readonly quantity: string;
  readonly measure: string;
  readonly status: 'alert' | 'warn';
  readonly value: number | null;
  readonly reference: number | null;
  readonly p: number | null;
}

/** report.json of `sightline monitor`. */
export interface MonitorReport {
  readonly report: typeof MONITOR_REPORT_VERSION;
  readonly source: Readonly<Record<string, unknown>>;
  readonly options: z.infer<typeof MonitorOptions> & { readonly from: string; readonly to: string };
  readonly periods: readonly string[];
  readonly groups: readonly string[];
  readonly reference: {
    readonly records: number;
    readonly referrals: number;
    readonly overrideBasis: string;
  };
  readonly series: readonly MonitorSeries[];
  readonly occupancy: {
    readonly maxScore: number;
    readonly reference: readonly (readonly (number | null)[])[];
    /** shares[period][slot][score − 1]. */
    readonly shares: readonly (readonly (readonly (number | null)[])[])[];
  } | null;
  readonly alerts: readonly MonitorAlert[];
  readonly checks: {
    readonly made: number;
    readonly alerts: number;
    readonly warnings: number;
    readonly tooFew: number;
    readonly pending: number;
    /** alpha × checks made: the expected number of false alarms if nothing changed at all. */
    readonly falseAlarmBound: number;
  };
  readonly issues: readonly Issue[];
}

/** Alerts and warnings of every series, in series then period order. */
function collectAlerts(
  series: readonly MonitorSeries[],
  periods: readonly string[],
): MonitorAlert[] {
  const out: MonitorAlert[] = [];
  for (const s of series) {
    s.status?.forEach((st, p) => {
      if (st !== 'alert' && st !== 'warn') return;
      out.push({
        period: periods[p]!,
        group: s.group,
        quantity: s.quantity,
        measure: s.measure,
        status: st,
        value: s.values[p] ?? null,
        reference: s.reference,
        p: s.p?.[p] ?? null,
      });
    });
  }
  return out;
}

function tally(series: readonly MonitorSeries[], status: CheckStatus | 'made'): number {
  let n = 0;
  for (const s of series)
    for (const st of s.status ?? [])
      if (status === 'made' ? st === 'ok' || st === 'warn' || st === 'alert' : st === status) n++;
  return n;
}

type Parsed = z.infer<typeof MonitorOptions>;

/** The distribution series: the score, then each predictor. */
function distributions(f: Frame, input: MonitorInput, o: Parsed): MonitorSeries[] {
  const rec = input.records;
  const period = rowPeriods(f, rec.day);
  const ref = referenceRows(f, rec.day);
  const dist = {
    psiWarn: o.psiWarn,
    psiAlert: o.psiAlert,
    alpha: o.alpha,
    minRecords: o.minRecords,
  };
  const sizes = effectiveSizes(f, period, ref, rec.group, rec.cluster);
  const one = (name: string, column: Column) =>
    distributionSeries(f, period, ref, rec.group, sizes, name, column, dist);
  return [
    ...one('score', { kind: 'dense', values: rec.score }),
    ...input.predictors.flatMap((p) => one(`predictor:${p.name}`, p.column)),
  ];
}

/** Screen-in and override rate series, and the override reference's basis. */
function decisionRates(f: Frame, input: MonitorInput, o: Parsed) {
  const t = input.referrals;
  const th = { warn: o.rateWarn, alert: o.rateAlert, alpha: o.alpha, minRecords: o.minRecords };
  const rate = (q: string, take: (i: number) => boolean, hit: (i: number) => boolean) =>
    rateSeries(f, t, input.referralCluster, q, take, hit, th);
  const screen = rate(
    'screen_in_rate',
    (i) => t.mandatory[i] === 0 && t.screenedIn[i]! >= 0,
    (i) => t.screenedIn[i] === 1,
  );
  const over = rate(
    'override_rate',
    (i) => t.shownProtocol[i] === 0 && t.override[i]! >= 0,
    (i) => t.override[i] === 1,
  );
  return { series: [...screen.series, ...over.series], overrideBasis: over.basis };
}

/** Ventile occupancy for the feed: shares[period][slot][score − 1], rounded. */
function occupancy(f: Frame, input: MonitorInput): MonitorReport['occupancy'] {
  const M = input.maxScore;
  if (M === null) return null;
  const rec = input.records;
  const occ = ventileOccupancy(
    f,
    rowPeriods(f, rec.day),
    referenceRows(f, rec.day),
    rec.group,
    rec.score,
    M,
  );
  const S = f.slots.length;
  const part = (a: Float64Array, cell: number) =>
    Array.from(a.subarray(cell * M, (cell + 1) * M), (v) => roundFeed(v));
  return {
    maxScore: M,
    reference: f.slots.map((_, s) => part(occ.reference, s)),
    shares: f.labels.map((_, p) => f.slots.map((_, s) => part(occ.current, p * S + s))),
  };
}

/**
 * Runs the monitoring. A reference window without records is reported as an issue.
 * @example runMonitor(input, { referenceFrom: '2010-04-01', referenceTo: '2014-08-01' })
 */
export function runMonitor(input: MonitorInput, options: MonitorOptions): MonitorReport {
  const o = MonitorOptions.parse(options);
  const from = o.from ?? o.referenceFrom;
  const to = o.to ?? formatDate(input.asOfDay + 1);
  const [a, b, c, d] = [from, to, o.referenceFrom, o.referenceTo].map(parseDate) as [
    number,
    number,
    number,
    number,
  ];
  const f = makeFrame(o.by, a, b, c, d, input.groups);
  const refRecords = referenceRows(f, input.records.day).reduce((x, v) => x + v, 0);
  const issues: Issue[] = [];
  if (refRecords === 0) {
    issues.push(
      issue(
        'W_MONITOR_NO_REFERENCE',
        'warning',
        `the reference window ${o.referenceFrom} to ${o.referenceTo} holds no record of this extract, so no distribution can be compared. Fix: give --reference-from/--reference-to inside the extract's years.`,
      ),
    );
  }
  const rates = decisionRates(f, input, o);
  const series = [
    ...volumeSeries(f, input.referrals, o),
    ...distributions(f, input, o),
    ...rates.series,
    ...performanceSeries(f, input.records, o),
  ];
  const made = tally(series, 'made');
  return {
    report: MONITOR_REPORT_VERSION,
    source: input.source,
    options: { ...o, from, to },
    periods: f.labels,
    groups: f.slots,
    reference: {
      records: refRecords,
      referrals: referenceRows(f, input.referrals.day).reduce((x, v) => x + v, 0),
      overrideBasis: rates.overrideBasis,
    },
    series,
    occupancy: occupancy(f, input),
    alerts: collectAlerts(series, f.labels),
    checks: {
      made,
      alerts: tally(series, 'alert'),
      warnings: tally(series, 'warn'),
      tooFew: tally(series, 'too_few'),
      pending: tally(series, 'pending'),
      falseAlarmBound: roundFeed(o.alpha * made)!,
    },
    issues,
  };
}
