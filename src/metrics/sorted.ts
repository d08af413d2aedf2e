/**
 * Fast weighted ranking metrics over rows pre-sorted by score: a bootstrap replicate changes only
 * the weights (how often each cluster was drawn), so the sort is done once and each replicate
 * costs one linear pass. Ties are counted ½, NaN scores and labels other than 0/1 are skipped.
 */

/** Rows of `rows` with a usable score and label, sorted by score (stable). */
export function sortByScore(score: Float64Array, y: Uint8Array, rows: Uint32Array): Uint32Array {
  const keep = rows.filter((i) => !Number.isNaN(score[i]!) && (y[i] === 0 || y[i] === 1));
  return keep.sort((a, b) => score[a]! - score[b]! || a - b);
}

/**
 * Weighted AUC (or xAUC) over rows already sorted by score. `isPos(i)` / `isNeg(i)` choose which
 * rows act as positives and negatives (for AUC: y = 1 and y = 0 within one group; for xAUC: y = 1
 * in group a and y = 0 in group b). Returns NaN without positive or negative weight.
 */
export function sortedPairAuc(
  order: Uint32Array,
  score: Float64Array,
  weight: Float64Array | null,
  isPos: (i: number) => boolean,
  isNeg: (i: number) => boolean,
): number {
  let negBelow = 0;
  let totalPos = 0;
  let wins = 0;
  let k = 0;
  const n = order.length;
  while (k < n) {
    const s = score[order[k]!]!;
    let bp = 0;
    let bn = 0;
    let j = k;
    while (j < n && score[order[j]!] === s) {
      const i = order[j]!;
      const w = weight === null ? 1 : weight[i]!;
      if (w !== 0) {
        if (isPos(i)) bp += w;
        else if (isNeg(i)) bn += w;
      }
      j++;
    }
    wins += bp * (negBelow + 0.5 * bn);
    negBelow += bn;
    totalPos += bp;
    k = j;
  }
  return totalPos === 0 || negBelow === 0 ? NaN : wins / (totalPos * negBelow);
}
