/**
 * How decisions relate to the score and to the screener's own view (Chouldechova et al. 2018:
 * "fairness is a process property"): the screen-in rate at each score by group; the screener's
 * risk × safety ratings (entered before any score) against the score and the decision; how well
 * each predicts the decision (AUC, so a screener leaning on their own ratings more than on the
 * score shows as a higher AUC for the ratings); and how often the decision followed the
 * protocol's default. Every rate has its counts and a 95% Wilson interval.
 */
import { auc } from '../../metrics/index.js';
import { PROTOCOL } from '../../contract/index.js';
import { aucStandardError } from './inference.js';
import type { DecisionTable } from './decision-table.js';
import { countByKeyAndGroup, rateCell, withAll, type RateCell } from './rates.js';

/** Screen-in rate at one score value in one group. */
export interface ScoreRate extends RateCell {
  readonly score: number;
  readonly group: string;
}

/**
 * Screen-in rate by score (integer scores 1..maxScore; others skipped) and group, over `rows`
 * (decided referrals with a score). Cells with no referrals are left out.
 */
export function screenInByScore(
  t: DecisionTable,
  rows: Uint32Array,
  score: Float64Array,
  maxScore: number,
): ScoreRate[] {
  const G = t.groups.length;
  const key = (i: number) => {
    const s = score[i]!;
    return Number.isInteger(s) && s >= 1 && s <= maxScore ? s - 1 : -1;
  };
  const { k, n } = countByKeyAndGroup(
    rows,
    maxScore,
    t.group,
    G,
    key,
    (i) => t.screenedIn[i] === 1,
  );
  const labels = withAll(t.groups);
  const out: ScoreRate[] = [];
  for (let s = 0; s < maxScore; s++) {
    for (let g = 0; g <= G; g++) {
      const c = s * (G + 1) + g;
      if (n[c]! > 0) out.push({ score: s + 1, group: labels[g]!, ...rateCell(k[c]!, n[c]!) });
    }
  }
  return out;
}

/** One risk × safety cell: how often it was screened in, and the scores it was shown. */
export interface RatingCell {
  readonly risk: number;
  readonly safety: number;
  readonly group: string;
  readonly screenIn: RateCell;
  /** Mean score of the cell's referrals that have one (NaN when none has). */
  readonly meanScore: number;
  readonly scored: number;
}

/** Screen-in rate and mean score for each screener risk (1–3) × safety (1–3) cell, by group. */
export function ratingsAgainstScore(
  t: DecisionTable,
  rows: Uint32Array,
  score: Float64Array,
): RatingCell[] {
  const G = t.groups.length;
  const key = (i: number) =>
    t.risk[i]! > 0 && t.safety[i]! > 0 ? (t.risk[i]! - 1) * 3 + t.safety[i]! - 1 : -1;
  const { k, n } = countByKeyAndGroup(rows, 9, t.group, G, key, (i) => t.screenedIn[i] === 1);
  const sum = new Float64Array(9 * (G + 1));
  const cnt = new Float64Array(9 * (G + 1));
  for (const i of rows) {
    const c = key(i);
    const s = score[i]!;
    if (c < 0 || Number.isNaN(s)) continue;
    for (const g of [t.group[i]!, G]) {
      if (g < 0) continue;
      sum[c * (G + 1) + g]! += s;
      cnt[c * (G + 1) + g]!++;
    }
  }
  const labels = withAll(t.groups);
  const out: RatingCell[] = [];
  for (let c = 0; c < 9; c++) {
    for (let g = 0; g <= G; g++) {
      const x = c * (G + 1) + g;
      if (n[x] === 0) continue;
      out.push({
        risk: Math.floor(c / 3) + 1,
        safety: (c % 3) + 1,
        group: labels[g]!,
        screenIn: rateCell(k[x]!, n[x]!),
        meanScore: cnt[x]! > 0 ? sum[x]! / cnt[x]! : NaN,
        scored: cnt[x]!,
      });
    }
  }
  return out;
}

/** An AUC with a 95% Hanley–McNeil interval. */
export interface AucCell {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly positives: number;
  readonly negatives: number;
}

/** AUC of `x` for the 0/1 outcome `y` over `rows`, with its Hanley–McNeil interval. */
export function aucCell(y: Uint8Array, x: Float64Array, rows: Uint32Array): AucCell {
  let positives = 0;
  for (const i of rows) if (!Number.isNaN(x[i]!)) positives += y[i]!;
  let usable = 0;
  for (const i of rows) if (!Number.isNaN(x[i]!)) usable++;
  const negatives = usable - positives;
  const value = auc(y, x, rows);
  const se = aucStandardError(value, positives, negatives);
  return {
    value,
    lo: value - 1.959963984540054 * se,
    hi: value + 1.959963984540054 * se,
    positives,
    negatives,
  };
}

/** How well the screener's ratings and the score each predict the decision, in one group. */
export interface RelianceRow {
  readonly group: string;
  readonly n: number;
  /** AUC of risk × safety (1–9) for the screen-in decision. */
  readonly ratings: AucCell;
  /** AUC of the score for the screen-in decision. */
  readonly score: AucCell;
  /** Spearman rank correlation between risk × safety and the score. */
  readonly correlation: number;
}

/** Spearman correlation of two columns over rows (average ranks for ties; NaN if constant). */
export function spearman(a: Float64Array, b: Float64Array, rows: Uint32Array): number {
  const ra = ranks(a, rows);
  const rb = ranks(b, rows);
  const n = rows.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    sab += (ra[k]! - mean) * (rb[k]! - mean);
    saa += (ra[k]! - mean) ** 2;
    sbb += (rb[k]! - mean) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

function ranks(x: Float64Array, rows: Uint32Array): Float64Array {
  const order = Uint32Array.from(rows.keys()).sort((p, q) => x[rows[p]!]! - x[rows[q]!]!);
  const out = new Float64Array(rows.length);
  let k = 0;
  while (k < order.length) {
    let j = k;
    while (j + 1 < order.length && x[rows[order[j + 1]!]!] === x[rows[order[k]!]!]) j++;
    for (let m = k; m <= j; m++) out[order[m]!] = (k + j) / 2 + 1;
    k = j + 1;
  }
  return out;
}

/**
 * Reliance on ratings vs score, per group and overall, over `rows` (decided by the screener, with
 * a score and both ratings; the caller leaves out protocol-decided referrals).
 */
export function reliance(t: DecisionTable, rows: Uint32Array, score: Float64Array): RelianceRow[] {
  const y = Uint8Array.from(t.screenedIn, (v) => (v === 1 ? 1 : 0));
  const product = Float64Array.from(t.risk, (r, i) =>
    r > 0 && t.safety[i]! > 0 ? r * t.safety[i]! : NaN,
  );
  const usable = rows.filter((i) => !Number.isNaN(product[i]!) && !Number.isNaN(score[i]!));
  return withAll(t.groups).map((group, g) => {
    const sub = g < t.groups.length ? usable.filter((i) => t.group[i] === g) : usable;
    return {
      group,
      n: sub.length,
      ratings: aucCell(y, product, sub),
      score: aucCell(y, score, sub),
      correlation: spearman(product, score, sub),
    };
  });
}

/** How often the decision followed the protocol's default, per protocol and group. */
export interface ProtocolAgreement {
  readonly protocol: string;
  /** The default: `in` (high: mandatory screen-in), `out` (low: screen-out recommended), none. */
  readonly default: 'in' | 'out' | 'none';
  readonly group: string;
  /** Decisions equal to the default (for `none`: the screen-in rate). */
  readonly followed: RateCell;
}

/** Agreement between the shown protocol's default and the decision, over decided `rows`. */
export function protocolAgreement(t: DecisionTable, rows: Uint32Array): ProtocolAgreement[] {
  const G = t.groups.length;
  const defaults = ['in', 'out', 'none'] as const;
  const key = (i: number) => t.shownProtocol[i]!;
  const hit = (i: number) => {
    const d = defaults[t.shownProtocol[i]!];
    return d === 'out' ? t.screenedIn[i] === 0 : t.screenedIn[i] === 1;
  };
  const { k, n } = countByKeyAndGroup(rows, PROTOCOL.length, t.group, G, key, hit);
  const labels = withAll(t.groups);
  const out: ProtocolAgreement[] = [];
  PROTOCOL.forEach((protocol, p) => {
    for (let g = 0; g <= G; g++) {
      const c = p * (G + 1) + g;
      if (n[c] === 0) continue;
      out.push({
        protocol,
        default: defaults[p]!,
        group: labels[g]!,
        followed: rateCell(k[c]!, n[c]!),
      });
    }
  });
  return out;
}
