/**
 * The time series of a monitoring report, one per quantity × measure × group, each value with its
 * count, test p-value and verdict (see checks.ts): distributions (score, predictors) by PSI with
 * the Jensen–Shannon divergence beside it, call volume, screen-in and override rates, and — once
 * outcome windows close — AUC and observed/expected outcomes. Numbers are rounded to 6
 * significant digits (p-values to 3) so the feed stays small and byte-stable.
 */
import type { Column } from '../../core/index.js';
import { binCounts, driftBins, type DriftBins } from '../../metrics/index.js';
import {
  binCodes,
  distributionCheck,
  type CheckStatus,
  type DistributionThresholds,
} from './checks.js';
import { countFrame, type Frame } from './frame.js';

/** One series of the feed: values per period (null: undefined). */
export interface MonitorSeries {
  readonly quantity: string;
  readonly kind: 'distribution' | 'volume' | 'rate' | 'performance';
  readonly measure: string;
  readonly group: string;
  /** The reference value the series is compared with (null when none applies). */
  readonly reference: number | null;
  readonly values: readonly (number | null)[];
  readonly n: readonly number[];
  readonly lo?: readonly (number | null)[];
  readonly hi?: readonly (number | null)[];
  readonly expected?: readonly (number | null)[];
  readonly p?: readonly (number | null)[];
  readonly status?: readonly CheckStatus[];
}

/** A finite number rounded to `digits` significant digits, else null. */
export function roundFeed(v: number, digits = 6): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : null;
}

/** The reference sample of a column (its values on the reference rows). */
function referenceValues(column: Column, ref: Uint8Array): Float64Array {
  const out: number[] = [];
  if (column.kind === 'dense') {
    for (let i = 0; i < ref.length; i++) if (ref[i] === 1) out.push(column.values[i]!);
    return Float64Array.from(out);
  }
  let k = 0;
  for (let i = 0; i < ref.length; i++) {
    while (k < column.rows.length && column.rows[k]! < i) k++;
    if (ref[i] === 1) out.push(column.rows[k] === i ? column.values[k]! : 0);
  }
  return Float64Array.from(out);
}

/**
 * Merges value bins too thin for the χ² approximation: walking the reference values in order,
 * bins are pooled until they hold at least `minShare` of the reference records; a thin tail joins
 * the last pooled bin. The "unseen value" and "missing" bins stay apart (they signal new values).
 * Quantile bins (deciles) are left as they are. Returns the new code of each old bin.
 */
export function mergeThinBins(
  bins: DriftBins,
  reference: Float64Array,
  minShare: number,
): Uint16Array {
  const K = bins.points.length + 2;
  const map = Uint16Array.from({ length: K }, (_, k) => k);
  if (bins.kind !== 'values') return map;
  let total = 0;
  for (const c of reference) total += c;
  let next = 0;
  let held = 0;
  for (let k = 0; k < bins.points.length; k++) {
    map[k] = next;
    held += reference[k]!;
    if (held >= minShare * total) {
      next++;
      held = 0;
    }
  }
  const P = bins.points.length;
  const tail = P > 0 && map[P - 1] === next;
  if (tail && next > 0) for (let k = 0; k < P; k++) if (map[k] === next) map[k] = next - 1;
  const used = tail && next === 0 ? 1 : next;
  map[K - 2] = used;
  map[K - 1] = used + 1;
  return map;
}

/** Smallest reference share of a pooled value bin (see mergeThinBins). */
export const MIN_BIN_SHARE = 0.01;

/**
 * PSI and JSD series (one pair per slot) of one quantity, bins fixed from the reference rows; the
 * test's effective sizes come from the referrals per period and slot (see checks.ts).
 */
export function distributionSeries(
  f: Frame,
  period: Int32Array,
  ref: Uint8Array,
  group: Int8Array,
  effective: { readonly current: Float64Array; readonly reference: Float64Array },
  quantity: string,
  column: Column,
  t: DistributionThresholds,
): MonitorSeries[] {
  const sample = referenceValues(column, ref);
  const bins = driftBins(sample);
  const map = mergeThinBins(bins, binCounts(bins, sample), MIN_BIN_SHARE);
  const K = Math.max(...map) + 1;
  const codes = binCodes(bins, column, period.length).map((c) => map[c]!);
  const { current, reference } = countFrame(
    f,
    period,
    ref,
    group,
    K,
    (i) => codes[i]!,
    () => true,
  );
  const S = f.slots.length;
  return f.slots.flatMap((group, s) => {
    const refCounts = reference.subarray(s * K, (s + 1) * K);
    const checks = Array.from({ length: f.periods }, (_, p) =>
      distributionCheck(refCounts, current.subarray((p * S + s) * K, (p * S + s + 1) * K), t, {
        current: effective.current[p * S + s]!,
        reference: effective.reference[s]!,
      }),
    );
    const base = {
      quantity,
      kind: 'distribution' as const,
      group,
      reference: 0,
      n: checks.map((c) => c.n),
    };
    return [
      {
        ...base,
        measure: 'psi',
        values: checks.map((c) => roundFeed(c.psi)),
        p: checks.map((c) => roundFeed(c.p, 3)),
        status: checks.map((c) => c.status),
      },
      { ...base, measure: 'jsd', values: checks.map((c) => roundFeed(c.jsd)) },
    ];
  });
}

/**
 * Share of records at each score 1..maxScore per period and slot, and in the reference:
 * shares[(p · S + s) · maxScore + score − 1].
 */
export function ventileOccupancy(
  f: Frame,
  period: Int32Array,
  ref: Uint8Array,
  group: Int8Array,
  score: Float64Array,
  maxScore: number,
): { current: Float64Array; reference: Float64Array; n: Float64Array } {
  const key = (i: number) => {
    const s = score[i]!;
    return Number.isInteger(s) && s >= 1 && s <= maxScore ? s - 1 : -1;
  };
  const { current, reference } = countFrame(f, period, ref, group, maxScore, key, () => true);
  const S = f.slots.length;
  const n = new Float64Array(f.periods * S);
  const normalise = (a: Float64Array, cells: number, totals?: Float64Array) => {
    for (let c = 0; c < cells; c++) {
      let sum = 0;
      for (let k = 0; k < maxScore; k++) sum += a[c * maxScore + k]!;
      if (totals) totals[c] = sum;
      for (let k = 0; k < maxScore; k++)
        a[c * maxScore + k] = sum > 0 ? a[c * maxScore + k]! / sum : NaN;
    }
  };
  normalise(current, f.periods * S, n);
  normalise(reference, S);
  return { current, reference, n };
}
