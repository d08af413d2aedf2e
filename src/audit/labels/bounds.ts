/**
 * Worst- and best-case performance when some outcomes are unknown (selective labels): every
 * possible labelling of the unknown records is allowed, and the bounds are the lowest and highest
 * values any labelling gives — no assumption about the unknown outcomes at all.
 *
 * AUC (ties ½): for a fixed number k of unknown positives the Mann–Whitney count is lowest when
 * the k lowest-scored unknowns are the positives (swapping a positive unknown with a lower-scored
 * negative unknown never raises it) and highest with the k highest-scored; the bounds take the
 * extreme over k = 0..U. Each k is an O(log L) update of per-score counts (Fenwick trees over
 * the L distinct scores), so the bounds cost O((n + U) log L).
 *
 * FPR and TPR at a rule: FPR = (FP + a)/(N + a + b) with a, b the unknowns labelled negative
 * among the flagged and the unflagged rows; it rises with a and falls with b, so the maximum
 * labels every flagged unknown negative and every unflagged one positive, the minimum the
 * reverse. TPR likewise.
 */

/** A quantity observed on the labelled rows, with its worst and best case over the unknown ones. */
export interface Bounds {
  readonly observed: number;
  readonly min: number;
  readonly max: number;
}

/** Counts behind the bounds. */
export interface BoundsInput {
  readonly labelled: number;
  readonly unknown: number;
}

class Fenwick {
  private readonly t: Float64Array;
  constructor(n: number) {
    this.t = new Float64Array(n + 1);
  }
  add(i: number, v: number): void {
    for (let k = i + 1; k < this.t.length; k += k & -k) this.t[k]! += v;
  }
  /** Sum over indices < i. */
  below(i: number): number {
    let s = 0;
    for (let k = i; k > 0; k -= k & -k) s += this.t[k]!;
    return s;
  }
}

/** Ranks of the scores of `rows` among their distinct values. */
function levels(score: Float64Array, rows: Uint32Array): { level: Int32Array; L: number } {
  const distinct = [...new Set(Array.from(rows, (i) => score[i]!))].sort((a, b) => a - b);
  const at = new Map(distinct.map((v, k) => [v, k]));
  const level = new Int32Array(score.length).fill(-1);
  for (const i of rows) level[i] = at.get(score[i]!)!;
  return { level, L: distinct.length };
}

/**
 * Extreme AUC over labellings of the unknowns, flipping unknowns to positive in `order`.
 * `pick` = Math.min for the worst case, Math.max for the best.
 */
function sweep(
  level: Int32Array,
  L: number,
  known: Uint32Array,
  y: Uint8Array,
  unknown: Uint32Array,
  pick: (a: number, b: number) => number,
): number {
  const pos = new Fenwick(L);
  const neg = new Fenwick(L);
  const posAt = new Float64Array(L);
  const negAt = new Float64Array(L);
  let P = 0;
  let N = 0;
  const put = (i: number, positive: boolean) => {
    const l = level[i]!;
    if (positive) {
      pos.add(l, 1);
      posAt[l]!++;
      P++;
    } else {
      neg.add(l, 1);
      negAt[l]!++;
      N++;
    }
  };
  for (const i of known) put(i, y[i] === 1);
  for (const i of unknown) put(i, false);
  let W = 0;
  for (let l = 0; l < L; l++) W += posAt[l]! * (neg.below(l) + 0.5 * negAt[l]!);
  let best = P > 0 && N > 0 ? W / (P * N) : NaN;
  for (const i of unknown) {
    const l = level[i]!;
    W -= P - pos.below(l + 1) + 0.5 * posAt[l]!;
    neg.add(l, -1);
    negAt[l]!--;
    N--;
    W += neg.below(l) + 0.5 * negAt[l]!;
    pos.add(l, 1);
    posAt[l]!++;
    P++;
    if (P > 0 && N > 0) best = Number.isNaN(best) ? W / (P * N) : pick(best, W / (P * N));
  }
  return best;
}

/**
 * AUC of `score` on the labelled rows, and its worst and best case over every labelling of the
 * unknown rows. `known[i]` = 1 when row i's label `y[i]` (0/1) is known. Rows with a NaN score are
 * skipped. NaN when no labelling has both classes.
 * @example aucBounds(score, y, known, rows) // { observed, min, max }
 */
export function aucBounds(
  score: Float64Array,
  y: Uint8Array,
  known: Uint8Array,
  rows: Uint32Array,
): Bounds & BoundsInput {
  const usable = rows.filter((i) => !Number.isNaN(score[i]!));
  const { level, L } = levels(score, usable);
  const lab = usable.filter((i) => known[i] === 1);
  const unk = usable.filter((i) => known[i] !== 1);
  const up = Uint32Array.from(unk).sort((a, b) => score[a]! - score[b]! || a - b);
  const down = Uint32Array.from(up).reverse();
  return {
    observed: sweep(level, L, lab, y, new Uint32Array(0), Math.min),
    min: sweep(level, L, lab, y, up, Math.min),
    max: sweep(level, L, lab, y, down, Math.max),
    labelled: lab.length,
    unknown: unk.length,
  };
}

/**
 * Observed F/N and the extremes of (F + a)/(N + a + b) over a ∈ [0, ua], b ∈ [0, ub] where the
 * ratio is defined: the maximum at (ua, 0), the minimum at (0, ub); when that denominator is 0
 * (no labelled row of the class and no unknown on that side) the only defined values are 0 (any
 * b ≥ 1) for the maximum and 1 (any a ≥ 1) for the minimum.
 */
function extremes(F: number, N: number, ua: number, ub: number): Bounds {
  const observed = N > 0 ? F / N : NaN;
  const max = N + ua > 0 ? (F + ua) / (N + ua) : ub > 0 ? 0 : NaN;
  const min = N + ub > 0 ? F / (N + ub) : ua > 0 ? 1 : NaN;
  return { observed, min, max };
}

/** FPR and TPR of a rule on the labelled rows, with their worst and best cases. */
export interface RateBounds extends BoundsInput {
  readonly fpr: Bounds;
  readonly tpr: Bounds;
}

/**
 * Bounds on FPR and TPR of the rule `selected` (1 flagged) over `rows` (see the file comment).
 * @example rateBounds(selected, y, known, rows).fpr.max
 */
export function rateBounds(
  selected: Uint8Array,
  y: Uint8Array,
  known: Uint8Array,
  rows: Uint32Array,
): RateBounds {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let ua = 0;
  let ub = 0;
  for (const i of rows) {
    const s = selected[i] === 1;
    if (known[i] !== 1) {
      if (s) ua++;
      else ub++;
    } else if (y[i] === 1) {
      if (s) tp++;
      else fn++;
    } else if (s) fp++;
    else tn++;
  }
  return {
    fpr: extremes(fp, fp + tn, ua, ub),
    tpr: extremes(tp, tp + fn, ua, ub),
    labelled: tp + fp + fn + tn,
    unknown: ua + ub,
  };
}
