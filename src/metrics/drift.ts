/**
 * Distribution drift between a reference sample and a current one.
 *
 * Binning (documented, fixed per monitored quantity): a quantity with at most 20 distinct reference
 * values (a 1–20 score, an indicator, a small count) is binned by value, with one extra bin for
 * values the reference never took; otherwise by the reference's deciles (type-7 quantiles; ties
 * merged), with open-ended first and last bins. Missing values (NaN) get their own bin.
 *
 * Empty-bin rule: every bin's proportion is smoothed as (count + 0.5) / (total + 0.5·bins) on
 * both sides, so a bin empty on one side gives a large but finite contribution instead of ∞.
 *
 * PSI = Σ (c − r)·ln(c / r). Common reading: < 0.1 stable, 0.1–0.25 moderate, > 0.25 major shift.
 * JSD = Jensen–Shannon divergence in bits (0..1) on the same smoothed bins: symmetric and bounded.
 */
import { quantileType7 } from '../core/index.js';

/** Bin edges or values fixed from the reference sample. */
export interface DriftBins {
  readonly kind: 'values' | 'quantiles';
  /** Distinct values (kind `values`) or ascending upper edges (kind `quantiles`). */
  readonly points: readonly number[];
}

/** Fixes the bins of a quantity from its reference sample. */
export function driftBins(reference: ArrayLike<number>): DriftBins {
  const finite = Array.from(reference).filter((v) => !Number.isNaN(v));
  const distinct = [...new Set(finite)].sort((a, b) => a - b);
  if (distinct.length <= 20) return { kind: 'values', points: distinct };
  const sorted = Float64Array.from(finite).sort();
  const edges = [
    ...new Set(Array.from({ length: 9 }, (_, k) => quantileType7(sorted, (k + 1) / 10))),
  ];
  return { kind: 'quantiles', points: edges };
}

/** Bin counts of a sample: the binned bins, then "unseen value" (values kind), then missing. */
export function binCounts(bins: DriftBins, sample: ArrayLike<number>): Float64Array {
  // values: one bin per value + unseen + missing; quantiles: edges + 1 bins + missing.
  const nb = bins.points.length + 2;
  const counts = new Float64Array(nb);
  const index = bins.kind === 'values' ? new Map(bins.points.map((v, k) => [v, k])) : null;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i]!;
    if (Number.isNaN(v)) {
      counts[nb - 1]!++;
    } else if (index !== null) {
      counts[index.get(v) ?? nb - 2]!++;
    } else {
      let k = 0;
      while (k < bins.points.length && v > bins.points[k]!) k++;
      counts[k]!++;
    }
  }
  return counts;
}

function smoothed(counts: Float64Array): Float64Array {
  let total = 0;
  for (const c of counts) total += c;
  const denom = total + 0.5 * counts.length;
  return counts.map((c) => (c + 0.5) / denom);
}

/** Population stability index between two count vectors over the same bins. */
export function psi(reference: Float64Array, current: Float64Array): number {
  const r = smoothed(reference);
  const c = smoothed(current);
  let s = 0;
  for (let k = 0; k < r.length; k++) s += (c[k]! - r[k]!) * Math.log(c[k]! / r[k]!);
  return s;
}

/** Jensen–Shannon divergence (bits) between two count vectors over the same bins. */
export function jensenShannon(reference: Float64Array, current: Float64Array): number {
  const r = smoothed(reference);
  const c = smoothed(current);
  let s = 0;
  for (let k = 0; k < r.length; k++) {
    const m = (r[k]! + c[k]!) / 2;
    s += 0.5 * r[k]! * Math.log2(r[k]! / m) + 0.5 * c[k]! * Math.log2(c[k]! / m);
  }
  return Math.max(0, s);
}
