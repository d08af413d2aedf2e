/**
 * ROC curves and operating points. A curve walks the distinct scores from the highest down: the
 * point at threshold t is the (FPR, TPR) of the rule "score ≥ t", the same rule as atLeast and
 * thresholdMetrics, so the operating point of any threshold lies on the curve (between two
 * curve points when t is not itself a score). Matches scikit-learn's
 * `roc_curve(drop_intermediate=False)`, with the first point (0, 0) at threshold +∞.
 * Rows with a NaN score or a label other than 0/1 are skipped; without positives TPR is NaN,
 * without negatives FPR is NaN (never 0).
 */
import { check } from '../core/index.js';
import { sortByScore } from './sorted.js';
import { atLeast, thresholdMetrics } from './threshold.js';

/** One point of a ROC curve: the rates of "score ≥ threshold". */
export interface RocPoint {
  readonly threshold: number;
  readonly fpr: number;
  readonly tpr: number;
}

function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/**
 * The ROC curve of `score` for labels `y` over `rows` (default all), with optional row weights:
 * one point per distinct score, thresholds descending, starting at (0, 0) with threshold +∞.
 * @example rocCurve(Uint8Array.of(1, 0), Float64Array.of(2, 1)) // (0,0) ∞, (0,1) 2, (1,1) 1
 */
export function rocCurve(
  y: Uint8Array,
  score: Float64Array,
  rows?: Uint32Array,
  weights?: Float64Array,
): RocPoint[] {
  check(y.length === score.length, `score has ${score.length} rows, y has ${y.length}`);
  const order = sortByScore(score, y, rows ?? allRows(y.length));
  let totalPos = 0;
  let totalNeg = 0;
  for (const i of order) {
    const w = weights ? weights[i]! : 1;
    if (y[i] === 1) totalPos += w;
    else totalNeg += w;
  }
  const out: RocPoint[] = [{ threshold: Infinity, fpr: 0 / totalNeg, tpr: 0 / totalPos }];
  let tp = 0;
  let fp = 0;
  let k = order.length - 1;
  while (k >= 0) {
    const s = score[order[k]!]!;
    while (k >= 0 && score[order[k]!] === s) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      if (y[i] === 1) tp += w;
      else fp += w;
      k--;
    }
    out.push({ threshold: s, fpr: fp / totalNeg, tpr: tp / totalPos });
  }
  return out;
}

/**
 * The operating point of the rule "score ≥ t": its (FPR, TPR), as on the ROC curve.
 * @example rocPoint(y, score, 16) // { threshold: 16, fpr: 0.2, tpr: 0.55 }
 */
export function rocPoint(
  y: Uint8Array,
  score: Float64Array,
  t: number,
  rows?: Uint32Array,
  weights?: Float64Array,
): RocPoint {
  const usable = sortByScore(score, y, rows ?? allRows(y.length));
  const m = thresholdMetrics(y, atLeast(score, t), usable, weights);
  return { threshold: t, fpr: m.fpr, tpr: m.tpr };
}

/**
 * A curve with at most `maxPoints` points for drawing: points on a straight segment between
 * their neighbours are dropped first (as scikit-learn's drop_intermediate), then, if still too
 * many, points are kept at evenly spaced positions. The first and last points always stay.
 */
export function thinCurve(points: readonly RocPoint[], maxPoints = 200): RocPoint[] {
  check(maxPoints >= 2, `invalid maxPoints: ${maxPoints} (at least 2)`);
  const kept: RocPoint[] = [];
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    const prev = kept[kept.length - 1];
    const next = points[k + 1];
    if (prev !== undefined && next !== undefined) {
      const cross =
        (p.fpr - prev.fpr) * (next.tpr - prev.tpr) - (p.tpr - prev.tpr) * (next.fpr - prev.fpr);
      if (Math.abs(cross) < 1e-15) continue;
    }
    kept.push(p);
  }
  if (kept.length <= maxPoints) return kept;
  const step = (kept.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, j) => kept[Math.round(j * step)]!);
}
