/**
 * Confusion-matrix metrics at a decision rule, with their counts (DOMAIN.md §5). A rule is given
 * as the `selected` flag per row (score ≥ t, top k%, or a protocol), so every rule shares one
 * code path. Undefined rates (0/0) are NaN, never 0.
 */
import { check } from '../core/index.js';

export interface ThresholdCounts {
  readonly n: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly selectionRate: number;
  readonly baseRate: number;
  readonly tpr: number;
  readonly fpr: number;
  readonly fnr: number;
  readonly ppv: number;
}

/** Counts and rates of `selected` (1 flagged) against `y` (1/0; other values skipped) over `rows`. */
export function thresholdMetrics(
  y: Uint8Array,
  selected: Uint8Array,
  rows?: Uint32Array,
  weights?: Float64Array,
): ThresholdCounts {
  check(y.length === selected.length, `selected has ${selected.length} rows, y has ${y.length}`);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const n = rows ? rows.length : y.length;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    const w = weights ? weights[i]! : 1;
    const yi = y[i];
    if (yi !== 0 && yi !== 1) continue;
    if (selected[i] === 1) {
      if (yi === 1) tp += w;
      else fp += w;
    } else if (yi === 1) fn += w;
    else tn += w;
  }
  const total = tp + fp + fn + tn;
  return {
    n: total,
    tp,
    fp,
    fn,
    tn,
    selectionRate: (tp + fp) / total,
    baseRate: (tp + fn) / total,
    tpr: tp / (tp + fn),
    fpr: fp / (fp + tn),
    fnr: fn / (tp + fn),
    ppv: tp / (tp + fp),
  };
}

/** Flags rows whose score is at least `t` (NaN scores are not flagged). */
export function atLeast(score: Float64Array, t: number): Uint8Array {
  const out = new Uint8Array(score.length);
  for (let i = 0; i < score.length; i++) out[i] = score[i]! >= t ? 1 : 0;
  return out;
}

/**
 * The smallest integer-valued threshold t such that "score ≥ t" flags at most `share` of `rows`
 * (e.g. the top-25% cut on a 1–20 scale). Returns Infinity when even the maximum flags too many.
 */
export function topShareThreshold(score: Float64Array, share: number, rows?: Uint32Array): number {
  check(share > 0 && share <= 1, `invalid share: ${share} (between 0 and 1)`);
  const values = rows ? Float64Array.from(rows, (i) => score[i]!) : Float64Array.from(score);
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const n = sorted.length;
  for (let k = 0; k < n; k++) {
    const t = sorted[k]!;
    if (k > 0 && sorted[k - 1] === t) continue;
    if ((n - k) / n <= share + 1e-12) return t;
  }
  return Infinity;
}
