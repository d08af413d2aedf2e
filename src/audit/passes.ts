/**
 * One-pass weighted kernels behind the per-group core. Each takes per-row weights (1 for the point
 * estimate, a cluster's draw count in a bootstrap replicate) and group codes (0..G−1, −1 = out).
 */

/** Per-group confusion sums at a decision rule: tp, fp, fn, tn for each group (4·G values). */
export function confusionByGroup(
  rows: Uint32Array,
  y: Uint8Array,
  selected: Uint8Array | null,
  code: Int32Array,
  groups: number,
  w: Float64Array | null,
): Float64Array {
  const out = new Float64Array(4 * groups);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const g = code[i]!;
    const yi = y[i];
    if (g < 0 || (yi !== 0 && yi !== 1)) continue;
    const wi = w === null ? 1 : w[i]!;
    const sel = selected === null ? 0 : selected[i]!;
    const slot = 4 * g + (yi === 1 ? (sel === 1 ? 0 : 2) : sel === 1 ? 1 : 3);
    out[slot]! += wi;
  }
  return out;
}

/**
 * The xAUC matrix in one pass over rows sorted by score: entry [a·G + b] is the probability that
 * a positive of group a outranks a negative of group b (ties ½); the diagonal holds each group's
 * own AUC. O(n + blocks·G²), where blocks is the number of distinct scores.
 */
export function pairAucMatrix(
  order: Uint32Array,
  score: Float64Array,
  y: Uint8Array,
  code: Int32Array,
  groups: number,
  w: Float64Array | null,
): Float64Array {
  const negBelow = new Float64Array(groups);
  const posTotal = new Float64Array(groups);
  const wins = new Float64Array(groups * groups);
  const bp = new Float64Array(groups);
  const bn = new Float64Array(groups);
  const n = order.length;
  let k = 0;
  while (k < n) {
    const s = score[order[k]!]!;
    bp.fill(0);
    bn.fill(0);
    let j = k;
    while (j < n && score[order[j]!] === s) {
      const i = order[j]!;
      const g = code[i]!;
      if (g >= 0) {
        const wi = w === null ? 1 : w[i]!;
        if (y[i] === 1) bp[g]! += wi;
        else bn[g]! += wi;
      }
      j++;
    }
    for (let a = 0; a < groups; a++) {
      const pa = bp[a]!;
      if (pa === 0) continue;
      for (let b = 0; b < groups; b++) wins[a * groups + b]! += pa * (negBelow[b]! + 0.5 * bn[b]!);
    }
    for (let g = 0; g < groups; g++) {
      negBelow[g]! += bn[g]!;
      posTotal[g]! += bp[g]!;
    }
    k = j;
  }
  for (let a = 0; a < groups; a++) {
    for (let b = 0; b < groups; b++) {
      const d = posTotal[a]! * negBelow[b]!;
      wins[a * groups + b] = d === 0 ? NaN : wins[a * groups + b]! / d;
    }
  }
  return wins;
}

/** Per-group Brier score Σw(p − y)² / Σw. */
export function brierByGroup(
  rows: Uint32Array,
  y: Uint8Array,
  p: Float64Array,
  code: Int32Array,
  groups: number,
  w: Float64Array | null,
): Float64Array {
  const num = new Float64Array(groups);
  const den = new Float64Array(groups);
  for (const i of rows) {
    const g = code[i]!;
    const yi = y[i];
    if (g < 0 || (yi !== 0 && yi !== 1) || Number.isNaN(p[i]!)) continue;
    const wi = w === null ? 1 : w[i]!;
    const d = p[i]! - yi;
    num[g]! += wi * d * d;
    den[g]! += wi;
  }
  return num.map((v, g) => (den[g] === 0 ? NaN : v / den[g]!));
}

/** Rates from confusion sums: tpr, fpr, fnr, ppv, selection_rate, base_rate of group g. */
export function ratesOf(c: Float64Array, g: number): Record<RateName, number> {
  const tp = c[4 * g]!;
  const fp = c[4 * g + 1]!;
  const fn = c[4 * g + 2]!;
  const tn = c[4 * g + 3]!;
  const n = tp + fp + fn + tn;
  return {
    tpr: tp / (tp + fn),
    fpr: fp / (fp + tn),
    fnr: fn / (tp + fn),
    ppv: tp / (tp + fp),
    selection_rate: (tp + fp) / n,
    base_rate: (tp + fn) / n,
  };
}

export const RATE_NAMES = ['selection_rate', 'base_rate', 'tpr', 'fpr', 'fnr', 'ppv'] as const;
export type RateName = (typeof RATE_NAMES)[number];

/** The (successes, trials) behind a rate, for its Wilson interval. */
export function rateCounts(c: Float64Array, g: number, rate: RateName): [number, number] {
  const tp = c[4 * g]!;
  const fp = c[4 * g + 1]!;
  const fn = c[4 * g + 2]!;
  const tn = c[4 * g + 3]!;
  switch (rate) {
    case 'tpr':
      return [tp, tp + fn];
    case 'fpr':
      return [fp, fp + tn];
    case 'fnr':
      return [fn, tp + fn];
    case 'ppv':
      return [tp, tp + fp];
    case 'selection_rate':
      return [tp + fp, tp + fp + fn + tn];
    case 'base_rate':
      return [tp + fn, tp + fp + fn + tn];
  }
}
