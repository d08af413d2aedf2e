/**
 * The monitoring frame: which period each row falls in, whether it is in the reference window, and
 * the group slots (each group, then `all`), so every series is counted in one pass per quantity.
 * Counts are laid out [period · (G + 1) + slot] (current) and [slot] (reference).
 */
import { periodDays, periodLabel, periodOfDay, type PeriodUnit } from './periods.js';

/** Periods, and where rows fall. */
export interface Frame {
  readonly unit: PeriodUnit;
  /** Index of the first period. */
  readonly first: number;
  readonly periods: number;
  readonly labels: readonly string[];
  /** Days each period covers within the monitored range (partial at the ends). */
  readonly days: Float64Array;
  /** Group labels followed by `all`. */
  readonly slots: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly refFrom: number;
  readonly refTo: number;
}

/** A frame over [from, to) (day numbers) with a reference window [refFrom, refTo). */
export function makeFrame(
  unit: PeriodUnit,
  from: number,
  to: number,
  refFrom: number,
  refTo: number,
  groups: readonly string[],
): Frame {
  const first = periodOfDay(from, unit);
  const last = periodOfDay(to - 1, unit);
  const periods = Math.max(0, last - first + 1);
  const labels: string[] = [];
  const days = new Float64Array(periods);
  for (let p = 0; p < periods; p++) {
    labels.push(periodLabel(first + p, unit));
    const { start, end } = periodDays(first + p, unit);
    days[p] = Math.min(end, to) - Math.max(start, from);
  }
  return {
    unit,
    first,
    periods,
    labels,
    days,
    slots: [...groups, 'all'],
    from,
    to,
    refFrom,
    refTo,
  };
}

/** Period slot of each row (−1 outside the monitored range) from its day. */
export function rowPeriods(f: Frame, day: Float64Array): Int32Array {
  const out = new Int32Array(day.length).fill(-1);
  for (let i = 0; i < day.length; i++) {
    const d = day[i]!;
    if (d >= f.from && d < f.to) out[i] = periodOfDay(d, f.unit) - f.first;
  }
  return out;
}

/** 1 for rows in the reference window. */
export function referenceRows(f: Frame, day: Float64Array): Uint8Array {
  return Uint8Array.from(day, (d) => (d >= f.refFrom && d < f.refTo ? 1 : 0));
}

/**
 * Per period and slot, and per reference slot, counts of `key(i)` in 0..K−1 over rows with
 * `take(i)`; returns current [(p · S + s) · K + key] and reference [s · K + key].
 */
export function countFrame(
  f: Frame,
  period: Int32Array,
  ref: Uint8Array,
  group: Int8Array,
  K: number,
  key: (i: number) => number,
  take: (i: number) => boolean,
): { current: Float64Array; reference: Float64Array } {
  const S = f.slots.length;
  const G = S - 1;
  const current = new Float64Array(f.periods * S * K);
  const reference = new Float64Array(S * K);
  for (let i = 0; i < period.length; i++) {
    const p = period[i]!;
    const r = ref[i]!;
    if ((p < 0 && r === 0) || !take(i)) continue;
    const k = key(i);
    if (k < 0) continue;
    const g = group[i]!;
    if (p >= 0) {
      if (g >= 0 && g < G) current[(p * S + g) * K + k]!++;
      current[(p * S + G) * K + k]!++;
    }
    if (r === 1) {
      if (g >= 0 && g < G) reference[g * K + k]!++;
      reference[G * K + k]!++;
    }
  }
  return { current, reference };
}

/**
 * Per period and slot, and per reference slot: Σ over clusters of f(m_c, k_c), where m_c counts a
 * cluster's rows with `take(i)` in that cell and k_c those of them with `hit(i)`. Clusters are
 * families (referrals and children linked, see monitor-input.ts), so a family called twice in a
 * month is one unit. Same layout as countFrame with K = 1.
 */
export function clusterSums(
  f: Frame,
  period: Int32Array,
  ref: Uint8Array,
  group: Int8Array,
  cluster: Uint32Array,
  take: (i: number) => boolean,
  hit: (i: number) => boolean,
  fn: (m: number, k: number) => number,
): { current: Float64Array; reference: Float64Array } {
  const S = f.slots.length;
  const G = S - 1;
  const cells = (f.periods + 1) * S;
  const m = new Map<number, number>();
  const k = new Map<number, number>();
  const add = (cell: number, c: number, h: number) => {
    const key = c * cells + cell;
    m.set(key, (m.get(key) ?? 0) + 1);
    if (h > 0) k.set(key, (k.get(key) ?? 0) + 1);
  };
  for (let i = 0; i < period.length; i++) {
    const p = period[i]!;
    if ((p < 0 && ref[i] === 0) || !take(i)) continue;
    const g = group[i]!;
    const h = hit(i) ? 1 : 0;
    for (const s of g >= 0 && g < G ? [g, G] : [G]) {
      if (p >= 0) add(p * S + s, cluster[i]!, h);
      if (ref[i] === 1) add(f.periods * S + s, cluster[i]!, h);
    }
  }
  const out = new Float64Array(cells);
  for (const [key, mc] of m) out[key % cells]! += fn(mc, k.get(key) ?? 0);
  return { current: out.subarray(0, f.periods * S), reference: out.subarray(f.periods * S) };
}

/**
 * Kish's effective sample size of record shares when a cluster's records move together:
 * (Σ m_c)² / Σ m_c² per period and slot, and per reference slot.
 */
export function effectiveSizes(
  f: Frame,
  period: Int32Array,
  ref: Uint8Array,
  group: Int8Array,
  cluster: Uint32Array,
): { current: Float64Array; reference: Float64Array } {
  const all = () => true;
  const n = clusterSums(f, period, ref, group, cluster, all, all, (m) => m);
  const q = clusterSums(f, period, ref, group, cluster, all, all, (m) => m * m);
  const kish = (a: Float64Array, b: Float64Array) =>
    a.map((v, j) => (b[j]! > 0 ? (v * v) / b[j]! : 0));
  return { current: kish(n.current, q.current), reference: kish(n.reference, q.reference) };
}
