/**
 * Calibration by group (Chouldechova et al. 2018, Figure 4): for each score value and group, the
 * observed outcome rate with its Wilson interval. A well-calibrated score has the same observed
 * rate for every group at each score. Scores with more than 100 distinct values (raw
 * probabilities) are binned into 20 equal-count bins first; the row then carries the bin's upper
 * edge as `score`.
 */
import { wilson } from '../metrics/index.js';
import { quantileType7 } from '../core/index.js';
import type { AuditInput, Grouping, MetricRow } from './group-core.js';

/** Score value (or bin edge) per row: the score itself when it has ≤ 100 distinct values. */
export function calibrationBins(
  score: Float64Array,
  rows: Uint32Array,
): { key: Float64Array; values: number[] } {
  const distinct = new Set<number>();
  for (const i of rows) if (!Number.isNaN(score[i]!)) distinct.add(score[i]!);
  if (distinct.size <= 100) return { key: score, values: [...distinct].sort((a, b) => a - b) };
  const sorted = Float64Array.from(rows, (i) => score[i]!)
    .filter((v) => !Number.isNaN(v))
    .sort();
  const edges = Array.from({ length: 20 }, (_, k) => quantileType7(sorted, (k + 1) / 20));
  const key = score.map((s) => {
    if (Number.isNaN(s)) return NaN;
    const e = edges.find((edge) => s <= edge);
    return e ?? edges[edges.length - 1]!;
  });
  return { key, values: [...new Set(edges)] };
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
      if (g < 0) continue;
      tot[g * values.length + k]!++;
      if (yi === 1) pos[g * values.length + k]!++;
    }
  }
  const out: MetricRow[] = [];
  for (let g = 0; g <= G; g++) {
    const label = g === G ? 'all' : grouping.labels[g]!;
    values.forEach((s, k) => {
      const n = tot[g * values.length + k]!;
      if (n === 0) return;
      const x = pos[g * values.length + k]!;
      const suppressed = n < minCell;
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
