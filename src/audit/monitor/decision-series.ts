/**
 * Series of the monitoring report built from referrals and outcomes: call volume against the
 * seasonal reference, screen-in and override rates against their reference rates, and AUC and
 * observed/expected outcomes of the screened-in records whose two-year window has closed.
 */
import type { DecisionTable } from '../process/index.js';
import {
  clusterSums,
  countFrame,
  makeFrame,
  referenceRows,
  rowPeriods,
  type Frame,
} from './frame.js';
import {
  performanceCheck,
  rateCheck,
  aucWithSe,
  type PerformanceThresholds,
} from './outcome-checks.js';
import { periodDays, seasonOf } from './periods.js';
import { roundFeed, type MonitorSeries } from './series.js';
import { volumeCheck, volumeModel, type VolumeThresholds } from './volume.js';

/** Referrals per period against the seasonal reference, per slot. */
export function volumeSeries(f: Frame, t: DecisionTable, th: VolumeThresholds): MonitorSeries[] {
  const period = rowPeriods(f, t.day);
  const none = new Uint8Array(t.n);
  const { current } = countFrame(
    f,
    period,
    none,
    t.group,
    1,
    () => 0,
    () => true,
  );
  const rf = makeFrame(f.unit, f.refFrom, f.refTo, f.refFrom, f.refTo, f.slots.slice(0, -1));
  const refPeriod = rowPeriods(rf, t.day);
  const refCounts = countFrame(
    rf,
    refPeriod,
    none,
    t.group,
    1,
    () => 0,
    () => true,
  ).current;
  const S = f.slots.length;
  const seasons = f.unit === 'month' ? 12 : 4;
  const full = (p: number) => {
    const { start, end } = periodDays(rf.first + p, f.unit);
    return rf.days[p] === end - start;
  };
  return f.slots.map((group, s) => {
    const periods = Array.from({ length: rf.periods }, (_, p) => p)
      .filter(full)
      .map((p) => ({
        season: seasonOf(rf.first + p, f.unit),
        days: rf.days[p]!,
        count: refCounts[p * S + s]!,
      }));
    const m = volumeModel(periods, seasons);
    const checks = Array.from({ length: f.periods }, (_, p) =>
      volumeCheck(m, seasonOf(f.first + p, f.unit), f.days[p]!, current[p * S + s]!, th),
    );
    return {
      quantity: 'volume',
      kind: 'volume',
      measure: 'observed_over_expected',
      group,
      reference: 1,
      values: checks.map((c) => roundFeed(c.ratio)),
      expected: checks.map((c) => roundFeed(c.expected)),
      n: checks.map((c) => c.observed),
      p: checks.map((c) => roundFeed(c.p, 3)),
      status: checks.map((c) => c.status),
    };
  });
}

/** Thresholds of a rate series. */
export interface RateThresholds {
  readonly warn: number;
  readonly alert: number;
  readonly alpha: number;
  readonly minRecords: number;
}

/**
 * A rate over referrals with `take(i)`, hit `hit(i)`, per period and slot, against the reference
 * window's rate (or, when the reference holds fewer than minRecords, the whole monitored range's:
 * `basis` says which). `cluster` is each referral's family, for the cluster-robust variance.
 */
export function rateSeries(
  f: Frame,
  t: DecisionTable,
  cluster: Uint32Array,
  quantity: string,
  take: (i: number) => boolean,
  hit: (i: number) => boolean,
  th: RateThresholds,
): { series: MonitorSeries[]; basis: 'reference' | 'monitored_range' } {
  const period = rowPeriods(f, t.day);
  const ref = referenceRows(f, t.day);
  const key = (i: number) => (hit(i) ? 1 : 0);
  const { current, reference } = countFrame(f, period, ref, t.group, 2, key, take);
  const sums = (fn: (m: number, k: number) => number) =>
    clusterSums(f, period, ref, t.group, cluster, take, hit, fn);
  const kk = sums((_, k) => k * k);
  const km = sums((m, k) => k * m);
  const mm = sums((m) => m * m);
  const robust = (cell: number, which: 'current' | 'reference', k: number, n: number) => {
    const p = k / n;
    return (kk[which][cell]! - 2 * p * km[which][cell]! + p * p * mm[which][cell]!) / (n * n);
  };
  const S = f.slots.length;
  const all = S - 1;
  const basis =
    reference[all * 2]! + reference[all * 2 + 1]! >= th.minRecords
      ? 'reference'
      : 'monitored_range';
  const refK = new Float64Array(S);
  const refN = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (basis === 'reference') {
      refK[s] = reference[s * 2 + 1]!;
      refN[s] = reference[s * 2]! + reference[s * 2 + 1]!;
    } else {
      for (let p = 0; p < f.periods; p++) {
        refK[s]! += current[(p * S + s) * 2 + 1]!;
        refN[s]! += current[(p * S + s) * 2]! + current[(p * S + s) * 2 + 1]!;
      }
    }
  }
  const series = f.slots.map((group, s): MonitorSeries => {
    const refVar =
      basis === 'reference'
        ? robust(s, 'reference', refK[s]!, refN[s]!)
        : (refK[s]! * (refN[s]! - refK[s]!)) / refN[s]! ** 3;
    const checks = Array.from({ length: f.periods }, (_, p) => {
      const k = current[(p * S + s) * 2 + 1]!;
      const n = k + current[(p * S + s) * 2]!;
      return rateCheck(k, n, refK[s]!, refN[s]!, th, {
        current: robust(p * S + s, 'current', k, n),
        reference: refVar,
      });
    });
    return {
      quantity,
      kind: 'rate',
      measure: 'rate',
      group,
      reference: roundFeed(refK[s]! / refN[s]!),
      values: checks.map((c) => roundFeed(c.rate)),
      lo: checks.map((c) => roundFeed(c.lo)),
      hi: checks.map((c) => roundFeed(c.hi)),
      n: checks.map((c) => c.n),
      p: checks.map((c) => roundFeed(c.p, 3)),
      status: checks.map((c) => c.status),
    };
  });
  return { series, basis };
}

/** What the performance series need per record. */
export interface OutcomeColumns {
  readonly day: Float64Array;
  readonly group: Int8Array;
  readonly score: Float64Array;
  readonly probability: Float64Array;
  /** 1/0 outcome, −1 not matured. */
  readonly label: Int8Array;
  readonly screenedIn: Int8Array;
  /** Family (cluster) of each record: children of one call, and calls about one family, share outcomes. */
  readonly cluster: Uint32Array;
}

/**
 * AUC and O/E series of screened-in records, per period and slot; a period none of whose
 * screened-in records has a closed window is `pending`. Returns the reference AUC per slot too.
 */
export function performanceSeries(
  f: Frame,
  c: OutcomeColumns,
  th: PerformanceThresholds,
): MonitorSeries[] {
  const period = rowPeriods(f, c.day);
  const ref = referenceRows(f, c.day);
  const S = f.slots.length;
  const G = S - 1;
  const cur: number[][] = Array.from({ length: f.periods * S }, () => []);
  const refRows: number[][] = Array.from({ length: S }, () => []);
  const pending = new Float64Array(f.periods * S);
  const y = Uint8Array.from(c.label, (v) => (v === 1 ? 1 : 0));
  for (let i = 0; i < c.day.length; i++) {
    if (c.screenedIn[i] !== 1 || Number.isNaN(c.probability[i]!)) continue;
    const g = c.group[i]!;
    const slots = g >= 0 && g < G ? [g, G] : [G];
    const p = period[i]!;
    for (const s of slots) {
      if (c.label[i]! < 0) {
        if (p >= 0) pending[p * S + s]!++;
        continue;
      }
      if (p >= 0) cur[p * S + s]!.push(i);
      if (ref[i] === 1) refRows[s]!.push(i);
    }
  }
  return f.slots.flatMap((group, s) => {
    const r = aucWithSe(y, c.score, Uint32Array.from(refRows[s]!), c.cluster);
    const checks = Array.from({ length: f.periods }, (_, p) =>
      performanceCheck(
        y,
        c.score,
        c.probability,
        c.cluster,
        Uint32Array.from(cur[p * S + s]!),
        r,
        th,
      ),
    );
    const wait = (p: number) => cur[p * S + s]!.length === 0 && pending[p * S + s]! > 0;
    const base = {
      quantity: 'outcomes',
      kind: 'performance' as const,
      group,
      n: checks.map((x) => x.n),
    };
    return [
      {
        ...base,
        measure: 'auc',
        reference: roundFeed(r.auc),
        values: checks.map((x) => roundFeed(x.auc)),
        lo: checks.map((x) => roundFeed(x.aucLo)),
        hi: checks.map((x) => roundFeed(x.aucHi)),
        p: checks.map((x) => roundFeed(x.aucP, 3)),
        status: checks.map((x, p) => (wait(p) ? 'pending' : x.aucStatus)),
      },
      {
        ...base,
        measure: 'observed_over_expected',
        reference: 1,
        values: checks.map((x) => roundFeed(x.oe)),
        lo: checks.map((x) => roundFeed(x.oeLo)),
        hi: checks.map((x) => roundFeed(x.oeHi)),
        p: checks.map((x) => roundFeed(x.oeP, 3)),
        status: checks.map((x, p) => (wait(p) ? 'pending' : x.oeStatus)),
      },
    ];
  });
}
