/**
 * Score distribution per group: how many rows (or how much weight) each group has at each score
 * value, and the share of the group that is. For raw probabilities, pass binned scores (e.g. the
 * audit's calibration bins) so that values are few. NaN scores are skipped; rows in no group
 * (code −1) count only in `all`.
 */
import { check } from '../core/index.js';

/** Counts per score value: `counts[g][k]` for group g (the last entry is all rows), value k. */
export interface ScoreDistribution {
  readonly values: readonly number[];
  readonly counts: readonly Float64Array[];
  readonly totals: Float64Array;
}

/**
 * Distribution of `score` over `groups` groups given by `code` (0..groups−1, −1 = none).
 * @example distributionByGroup(Float64Array.of(1, 2, 2), Int32Array.of(0, 0, 1), 2).counts[2] // [1, 2]
 */
export function distributionByGroup(
  score: Float64Array,
  code: Int32Array,
  groups: number,
  rows?: Uint32Array,
  weights?: Float64Array,
): ScoreDistribution {
  check(code.length === score.length, `code has ${code.length} rows, score has ${score.length}`);
  const n = rows ? rows.length : score.length;
  const seen = new Set<number>();
  for (let k = 0; k < n; k++) {
    const s = score[rows ? rows[k]! : k]!;
    if (!Number.isNaN(s)) seen.add(s);
  }
  const values = [...seen].sort((a, b) => a - b);
  const at = new Map(values.map((v, k) => [v, k]));
  const counts = Array.from({ length: groups + 1 }, () => new Float64Array(values.length));
  const totals = new Float64Array(groups + 1);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    const v = at.get(score[i]!);
    if (v === undefined) continue;
    const w = weights ? weights[i]! : 1;
    const g = code[i]!;
    if (g >= 0 && g < groups) {
      counts[g]![v]! += w;
      totals[g]! += w;
    }
    counts[groups]![v]! += w;
    totals[groups]! += w;
  }
  return { values, counts, totals };
}
