/**
 * Calibration by group (Chouldechova et al. 2018, Figure 4): for each score value and group, the
 * observed outcome rate with its Wilson interval. A well-calibrated score has the same observed
 * rate for every group at each score. Scores with more than 100 distinct values (raw
 * probabilities) are binned into 20 equal-count bins first; the row then carries the bin's upper
 * edge as `score`. The same bins give the score distribution per group (`score_share`).
 */
import { wilson } from '../metrics/index.js';
import { quantileType7 } from '../core/index.js';
import type { AuditInput, CoreResult, Grouping, MetricRow } from './group-core.js';

/** Score value (or bin edge) per row: the score itself when it has ≤ 100 distinct values. */
export function calibrationBins(
  score: Float64Array,
  rows: Uint32Array,
): { key: Float64Array; values: number[] } {
  const distinct = new Set<number>();
  for (const i of rows) {
    if (!Number.isNaN(score[i]!)) distinct.add(score[i]!);
    if (distinct.size > 100) break;
  }
  if (distinct.size <= 100) return { key: score, values: [...distinct].sort((a, b) => a - b) };
  const sorted = Float64Array.from(rows, (i) => score[i]!)
    .filter((v) => !Number.isNaN(v))
    .sort();
  const edges = [
    ...new Set(Array.from({ length: 20 }, (_, k) => quantileType7(sorted, (k + 1) / 20))),
  ];
  const key = new Float64Array(score.length).fill(NaN);
  for (const i of rows) {
    const s = score[i]!;
    if (Number.isNaN(s)) continue;
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s <= edges[mid]!) hi = mid;
      else lo = mid + 1;
    }
    key[i] = edges[lo]!;
  }
  return { key, values: edges };
}

/**
 * The same bins as calibrationBins for rows already sorted by score (no NaN): the bin index of
 * each row, aligned with `order`, and the bins' values. Linear time.
 */
export function sortedBins(
  score: Float64Array,
  order: Uint32Array,
): { bin: Int32Array; values: number[] } {
  const m = order.length;
  const bin = new Int32Array(m);
  const values: number[] = [];
  for (let j = 0; j < m && values.length <= 100; j++) {
    const s = score[order[j]!]!;
    if (j === 0 || s !== values[values.length - 1]) values.push(s);
    bin[j] = values.length - 1;
  }
  if (values.length <= 100) return { bin, values };
  const sorted = Float64Array.from(order, (i) => score[i]!);
  const edges = [
    ...new Set(Array.from({ length: 20 }, (_, k) => quantileType7(sorted, (k + 1) / 20))),
  ];
  let e = 0;
  for (let j = 0; j < m; j++) {
    while (sorted[j]! > edges[e]!) e++;
    bin[j] = e;
  }
  return { bin, values: edges };
}

/** One calibration row per score (or bin) and group with rows, then `all`. */
function rowsFromCounts(
  grouping: Grouping,
  values: readonly number[],
  pos: Float64Array,
  tot: Float64Array,
  minCell: number,
  thin: (g: number) => boolean = () => false,
): MetricRow[] {
  const G = grouping.labels.length;
  const out: MetricRow[] = [];
  for (let g = 0; g <= G; g++) {
    const label = g === G ? 'all' : grouping.labels[g]!;
    values.forEach((s, k) => {
      const n = tot[g * values.length + k]!;
      if (n === 0) return;
      const x = pos[g * values.length + k]!;
      const suppressed = n < minCell || thin(g);
      const w = wilson(x, n);
      out.push({
        metric: 'calibration',
        grouping: grouping.name,
        group: label,
        score: s,
        value: suppressed ? null : x / n,
        lo: suppressed ? null : w.lo,
        hi: suppressed ? null : w.hi,
        n,
        state: suppressed ? 'suppressed' : 'ok',
      });
    });
  }
  return out;
}

/** Calibration rows for every group and `all`, score by score. */
export function calibrationRows(
  input: AuditInput,
  grouping: Grouping,
  minCell: number,
): MetricRow[] {
  const { key, values } = calibrationBins(input.score, input.rows);
  const index = new Map(values.map((v, k) => [v, k]));
  const G = grouping.labels.length;
  const pos = new Float64Array((G + 1) * values.length);
  const tot = new Float64Array((G + 1) * values.length);
  for (const i of input.rows) {
    const yi = input.y[i];
    const k = index.get(key[i]!);
    if (k === undefined || (yi !== 0 && yi !== 1)) continue;
    for (const g of [grouping.code[i]!, G]) {
      if (g < 0 || g > G) continue;
      tot[g * values.length + k]!++;
      if (yi === 1) pos[g * values.length + k]!++;
    }
  }
  return rowsFromCounts(grouping, values, pos, tot, minCell);
}

/**
 * Calibration rows and score shares (`score_share`: the group's share of rows at each score, with
 * its Wilson interval; n is the group's row count) from the core's point sums.
 */
export function calibrationRowsFromSums(
  core: CoreResult,
  grouping: Grouping,
  minCell: number,
  thin: (g: number) => boolean = () => false,
): MetricRow[] {
  const G = grouping.labels.length;
  const values = core.binValues;
  const K = values.length;
  // Slots 0..G−1 are groups; slot G (rows in no group) folds into `all` only.
  const pos = new Float64Array((G + 1) * K);
  const tot = new Float64Array((G + 1) * K);
  for (let g = 0; g <= G; g++) {
    for (let k = 0; k < K; k++) {
      const p = core.sums.binPos[g * K + k]!;
      const t = core.sums.binTot[g * K + k]!;
      if (g < G) {
        pos[g * K + k] = p;
        tot[g * K + k] = t;
      }
      pos[G * K + k]! += p;
      tot[G * K + k]! += t;
    }
  }
  const out = rowsFromCounts(grouping, values, pos, tot, minCell, thin);
  for (let g = 0; g <= G; g++) {
    let n = 0;
    for (let k = 0; k < K; k++) n += tot[g * K + k]!;
    if (n === 0) continue;
    const suppressed = n < minCell || thin(g);
    values.forEach((s, k) => {
      const x = tot[g * K + k]!;
      const w = wilson(x, n);
      out.push({
        metric: 'score_share',
        grouping: grouping.name,
        group: g === G ? 'all' : grouping.labels[g]!,
        score: s,
        value: suppressed ? null : x / n,
        lo: suppressed ? null : w.lo,
        hi: suppressed ? null : w.hi,
        n,
        state: suppressed ? 'suppressed' : 'ok',
      });
    });
  }
  return out;
}
