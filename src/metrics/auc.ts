/**
 * Ranking metrics with ties counted as half (DOMAIN.md §5): scores are often integers 1–20, so
 * ties are common and must not be broken arbitrarily.
 * - AUC = P(R¹ > R⁰) + ½·P(R¹ = R⁰)
 * - xAUC(a, b) = the same with the positive drawn from group a and the negative from group b.
 * Rows with a NaN score are skipped; an AUC without both classes is NaN (never 0 or 0.5).
 */
import { check } from '../core/index.js';

function allRows(n: number): Uint32Array {
  const r = new Uint32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/**
 * Mann–Whitney count of (positive, negative) pairs with the positive ranked higher, ties ½,
 * over positives `pos` and negatives `neg` (row indices into `score`). Returns the probability.
 */
export function pairwiseAuc(
  score: Float64Array,
  pos: Uint32Array,
  neg: Uint32Array,
  weights?: Float64Array,
): number {
  const w = (i: number): number => (weights ? weights[i]! : 1);
  const np = pos.length;
  const nn = neg.length;
  if (np === 0 || nn === 0) return NaN;
  // Sort all candidates by score; walk tie blocks accumulating negative weight below.
  const items = new Uint32Array(np + nn);
  const isPos = new Uint8Array(np + nn);
  items.set(pos, 0);
  items.set(neg, np);
  isPos.fill(1, 0, np);
  const order = allRows(np + nn).sort((a, b) => score[items[a]!]! - score[items[b]!]!);
  let negBelow = 0;
  let totalPos = 0;
  let totalNeg = 0;
  let wins = 0;
  let k = 0;
  while (k < order.length) {
    const s = score[items[order[k]!]!]!;
    let blockPos = 0;
    let blockNeg = 0;
    let j = k;
    while (j < order.length && score[items[order[j]!]!]! === s) {
      const o = order[j]!;
      if (isPos[o] === 1) blockPos += w(items[o]!);
      else blockNeg += w(items[o]!);
      j++;
    }
    wins += blockPos * (negBelow + 0.5 * blockNeg);
    negBelow += blockNeg;
    totalPos += blockPos;
    totalNeg += blockNeg;
    k = j;
  }
  if (totalPos === 0 || totalNeg === 0) return NaN;
  return wins / (totalPos * totalNeg);
}

function split(
  y: Uint8Array,
  score: Float64Array,
  rows: Uint32Array,
  keep?: (i: number) => boolean,
) {
  const pos: number[] = [];
  const neg: number[] = [];
  for (const i of rows) {
    if (Number.isNaN(score[i]!) || (keep !== undefined && !keep(i))) continue;
    if (y[i] === 1) pos.push(i);
    else if (y[i] === 0) neg.push(i);
  }
  return { pos: Uint32Array.from(pos), neg: Uint32Array.from(neg) };
}

/**
 * AUC of `score` for labels `y` (1 positive, 0 negative, anything else skipped) over `rows`.
 * @example auc(Uint8Array.of(1, 0), Float64Array.of(2, 1)) === 1
 */
export function auc(
  y: Uint8Array,
  score: Float64Array,
  rows?: Uint32Array,
  weights?: Float64Array,
): number {
  check(y.length === score.length, `score has ${score.length} rows, y has ${y.length}`);
  const { pos, neg } = split(y, score, rows ?? allRows(y.length));
  return pairwiseAuc(score, pos, neg, weights);
}

/**
 * xAUC(a, b): the probability that a random positive of group a outranks a random negative of
 * group b (ties ½). `group` holds a code per row; a and b are codes. Name the direction in reports.
 */
export function xauc(
  y: Uint8Array,
  score: Float64Array,
  group: Int32Array,
  a: number,
  b: number,
  rows?: Uint32Array,
  weights?: Float64Array,
): number {
  check(
    y.length === score.length && group.length === y.length,
    `y, score and group must have equal length`,
  );
  const r = rows ?? allRows(y.length);
  const pos = split(y, score, r, (i) => group[i] === a).pos;
  const neg = split(y, score, r, (i) => group[i] === b).neg;
  return pairwiseAuc(score, pos, neg, weights);
}

/**
 * Balanced xAUC of group g (Kallus & Zhou 2019): the group's side of a ranking set against
 * everyone. `positives`: P(R of a random positive of g > R of a random negative of any group);
 * low means g's positives are ranked too low (missed). `negatives`: P(R of a random positive of
 * any group > R of a random negative of g); low means g's negatives are ranked too high (flagged
 * wrongly). Ties ½. Rows outside every group still count as "any group".
 * @example xaucBalanced(y, s, group, 0, 'positives') // DOMAIN.md vector: 17.5/21
 */
export function xaucBalanced(
  y: Uint8Array,
  score: Float64Array,
  group: Int32Array,
  g: number,
  side: 'positives' | 'negatives',
  rows?: Uint32Array,
  weights?: Float64Array,
): number {
  check(
    y.length === score.length && group.length === y.length,
    `y, score and group must have equal length`,
  );
  const r = rows ?? allRows(y.length);
  const mine = split(y, score, r, (i) => group[i] === g);
  const all = split(y, score, r);
  return side === 'positives'
    ? pairwiseAuc(score, mine.pos, all.neg, weights)
    : pairwiseAuc(score, all.pos, mine.neg, weights);
}
