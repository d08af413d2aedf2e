/**
 * One monitoring check = one quantity, one group, one period against the reference. Every check
 * has a size (how much it moved) and a test (could it be chance); it alarms only when both say so:
 * - `alert`: the size reaches the alert threshold and the test rejects "no change" at level α;
 * - `warn`: the size reaches the warning threshold (below the alert one) and the test rejects;
 * - `ok`: otherwise; `too_few`: fewer records than the minimum (no verdict); `no_data`;
 *   `pending`: outcomes not known yet (the two-year window has not closed).
 * With no change at all a check alarms with probability at most α (its test's level), so N checks
 * give at most α·N false alarms on average; the size thresholds only lower that.
 *
 * Distribution checks (score, predictors) use src/metrics/drift.ts: bins fixed from the reference
 * (a quantity with ≤ 20 distinct reference values binned by value plus an "unseen value" bin,
 * otherwise by reference deciles; a missing-value bin), every bin smoothed as (count + 0.5) /
 * (total + 0.5·bins) so an empty bin gives a large but finite term; PSI = Σ (c − r)·ln(c/r) and
 * the Jensen–Shannon divergence in bits. PSI is the size; the test is Pearson's χ² test of
 * homogeneity on the raw shares, X² = Σ_k (c_k − r_k)² / p̄_k / (1/n + 1/N) with p̄ the pooled
 * share, against χ² with K − 1 degrees of freedom (K = bins holding records in either sample).
 * PSI itself is not the test statistic: its log term makes a bin that empties by chance weigh far
 * more than χ² does (a 6.7% bin empty in one month gave PSI 0.23 where X²/(1/n+1/N) gave 0.07).
 * Children of one referral share their household's features and much of their score, so records
 * are not independent: n and N are Kish's effective sizes (Σ m_c)²/Σ m_c² over the referrals c
 * (m_c records each) behind each sample — exact when a referral's records share the value,
 * conservative otherwise.
 */
import type { Column } from '../../core/index.js';
import { jensenShannon, psi, type DriftBins } from '../../metrics/index.js';
import { chiSquareSurvival } from '../process/index.js';

/** The verdict of one check. */
export type CheckStatus = 'ok' | 'warn' | 'alert' | 'too_few' | 'no_data' | 'pending';

/**
 * The verdict from a size (|change|, in the threshold's units), the test's p-value, and the
 * thresholds. `enough` = false gives `too_few`.
 * @example classify(0.3, 0.1, 0.25, 1e-6, 0.001, true) // 'alert'
 */
export function classify(
  size: number,
  warn: number,
  alert: number,
  p: number,
  alpha: number,
  enough: boolean,
): CheckStatus {
  if (!enough) return 'too_few';
  if (Number.isNaN(size) || Number.isNaN(p)) return 'no_data';
  if (p >= alpha) return 'ok';
  if (size >= alert) return 'alert';
  return size >= warn ? 'warn' : 'ok';
}

/**
 * Bin code of every row of a column (0..points + 1, as binCounts numbers the bins: the binned
 * bins, then "unseen value" (value bins) or nothing, then missing). Sparse columns are 0 off
 * their stored rows.
 */
export function binCodes(bins: DriftBins, column: Column, n: number): Uint16Array {
  const nb = bins.points.length + 2;
  const index = bins.kind === 'values' ? new Map(bins.points.map((v, k) => [v, k])) : null;
  const edges = Float64Array.from(bins.points);
  const code = (v: number): number => {
    if (Number.isNaN(v)) return nb - 1;
    if (index !== null) return index.get(v) ?? nb - 2;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v > edges[mid]!) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out = new Uint16Array(n);
  if (column.kind === 'dense') {
    for (let i = 0; i < n; i++) out[i] = code(column.values[i]!);
  } else {
    out.fill(code(0));
    for (let k = 0; k < column.rows.length; k++) out[column.rows[k]!] = code(column.values[k]!);
  }
  return out;
}

/** A distribution check's numbers. */
export interface DistributionCheck {
  readonly psi: number;
  readonly jsd: number;
  readonly df: number;
  readonly p: number;
  readonly n: number;
  readonly status: CheckStatus;
}

/** Thresholds of a distribution check. */
export interface DistributionThresholds {
  readonly psiWarn: number;
  readonly psiAlert: number;
  readonly alpha: number;
  readonly minRecords: number;
}

/**
 * Compares current bin counts with reference bin counts (same bins). `effective` gives the
 * effective sizes of the test (independent units behind each sample); by default the counts.
 * @example distributionCheck(refCounts, monthCounts, { psiWarn: 0.1, psiAlert: 0.25, alpha: 0.001, minRecords: 50 })
 */
export function distributionCheck(
  reference: Float64Array,
  current: Float64Array,
  t: DistributionThresholds,
  effective?: { readonly current: number; readonly reference: number },
): DistributionCheck {
  let n = 0;
  let N = 0;
  let K = 0;
  for (let k = 0; k < current.length; k++) {
    n += current[k]!;
    N += reference[k]!;
    if (current[k]! + reference[k]! > 0) K++;
  }
  if (n === 0 || N === 0)
    return { psi: NaN, jsd: NaN, df: 0, p: NaN, n, status: n === 0 ? 'no_data' : 'too_few' };
  const value = psi(reference, current);
  const df = Math.max(1, K - 1);
  const ne = Math.min(n, effective?.current ?? n);
  const Ne = Math.min(N, effective?.reference ?? N);
  let x2 = 0;
  for (let k = 0; k < current.length; k++) {
    const c = current[k]! / n;
    const r = reference[k]! / N;
    const pooled = (ne * c + Ne * r) / (ne + Ne);
    if (pooled > 0) x2 += ((c - r) * (c - r)) / pooled;
  }
  const p = K > 1 ? chiSquareSurvival(x2 / (1 / ne + 1 / Ne), df) : 1;
  return {
    psi: value,
    jsd: jensenShannon(reference, current),
    df,
    p,
    n,
    status: classify(value, t.psiWarn, t.psiAlert, p, t.alpha, n >= t.minRecords),
  };
}
