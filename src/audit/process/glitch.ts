/**
 * Decisions made on a wrong score (the Allegheny glitch): referrals whose shown score differs
 * from the household score recomputed now, and how people acted on them. For each direction
 * (shown higher / lower than it should have been) it compares the actual screen-in rate with two
 * expectations built from the referrals shown the right score: the rate at the score that was
 * shown (people acted on what they saw) and the rate at the score that should have been shown.
 *
 * The recomputed score must come from the model that was deployed (or a table of its correct
 * scores); with any other model most scores differ and the comparison means nothing, which the
 * result flags (`mostDiffer`).
 */
import type { DecisionTable } from './decision-table.js';
import { rateCell, withAll, type RateCell } from './rates.js';

/** One direction of error and what people did. */
export interface GlitchDirection {
  readonly direction: 'shown_higher' | 'shown_lower';
  readonly referrals: number;
  readonly meanAbsoluteError: number;
  /** Screen-in rate of those that were decided by screening (not required by law). */
  readonly screenIn: RateCell;
  /**
   * Expected rate if people followed the shown score (rate of correctly shown referrals at it),
   * averaged over the referrals whose shown score some correctly shown referral also had.
   */
  readonly expectedAtShown: number;
  /** Expected rate had the right score been shown. */
  readonly expectedAtCorrect: number;
  /** Referrals shown the high-risk protocol, and overrides among them. */
  readonly shownHigh: number;
  readonly overrides: number;
}

/** The glitch check. */
export interface GlitchResult {
  /** Referrals with both a shown and a recomputed score. */
  readonly compared: number;
  readonly differing: readonly ({ readonly group: string } & RateCell)[];
  readonly directions: readonly GlitchDirection[];
  /** More than half the compared scores differ: the recomputed score is probably another model's. */
  readonly mostDiffer: boolean;
  /** Referral ids of the differing referrals (first 1,000, in table order). */
  readonly referralIds: readonly string[];
}

/** Screen-in rate at each shown score among decided referrals shown the right score. */
function rateByShown(t: DecisionTable, rows: Uint32Array, maxScore: number): Float64Array {
  const k = new Float64Array(maxScore + 1);
  const n = new Float64Array(maxScore + 1);
  for (const i of rows) {
    const s = t.shownScore[i]!;
    if (s !== t.recomputed[i] || t.mandatory[i] === 1 || t.screenedIn[i]! < 0) continue;
    if (!(s >= 1 && s <= maxScore)) continue;
    n[s]!++;
    k[s]! += t.screenedIn[i] === 1 ? 1 : 0;
  }
  return k.map((v, s) => (n[s]! > 0 ? v / n[s]! : NaN));
}

function direction(
  t: DecisionTable,
  rows: Uint32Array,
  name: GlitchDirection['direction'],
  ref: Float64Array,
): GlitchDirection {
  let err = 0;
  let k = 0;
  let n = 0;
  const atShown = { sum: 0, n: 0 };
  const atCorrect = { sum: 0, n: 0 };
  const add = (acc: { sum: number; n: number }, v: number | undefined) => {
    if (v === undefined || Number.isNaN(v)) return;
    acc.sum += v;
    acc.n++;
  };
  let high = 0;
  let overrides = 0;
  for (const i of rows) {
    const s = t.shownScore[i]!;
    const c = t.recomputed[i]!;
    err += Math.abs(s - c);
    if (t.shownProtocol[i] === 0) {
      high++;
      overrides += t.override[i] === 1 ? 1 : 0;
    }
    if (t.mandatory[i] === 1 || t.screenedIn[i]! < 0) continue;
    n++;
    k += t.screenedIn[i] === 1 ? 1 : 0;
    add(atShown, ref[s]);
    add(atCorrect, ref[c]);
  }
  return {
    direction: name,
    referrals: rows.length,
    meanAbsoluteError: rows.length > 0 ? err / rows.length : NaN,
    screenIn: rateCell(k, n),
    expectedAtShown: atShown.n > 0 ? atShown.sum / atShown.n : NaN,
    expectedAtCorrect: atCorrect.n > 0 ? atCorrect.sum / atCorrect.n : NaN,
    shownHigh: high,
    overrides,
  };
}

/**
 * Compares shown and recomputed scores over `rows` (`t.recomputed` must be filled).
 * @example glitchCheck(table, rows, 20).differing.at(-1).k // referrals shown a wrong score
 */
export function glitchCheck(t: DecisionTable, rows: Uint32Array, maxScore: number): GlitchResult {
  const compared = rows.filter(
    (i) => !Number.isNaN(t.shownScore[i]!) && !Number.isNaN(t.recomputed[i]!),
  );
  const wrong = compared.filter((i) => t.shownScore[i] !== t.recomputed[i]);
  const G = t.groups.length;
  const differing = withAll(t.groups).map((group, g) => {
    const inGroup = (i: number) => g === G || t.group[i] === g;
    let n = 0;
    let k = 0;
    for (const i of compared) {
      if (!inGroup(i)) continue;
      n++;
      if (t.shownScore[i] !== t.recomputed[i]) k++;
    }
    return { group, ...rateCell(k, n) };
  });
  const ref = rateByShown(t, compared, maxScore);
  const higher = wrong.filter((i) => t.shownScore[i]! > t.recomputed[i]!);
  const lower = wrong.filter((i) => t.shownScore[i]! < t.recomputed[i]!);
  return {
    compared: compared.length,
    differing,
    directions: [
      direction(t, higher, 'shown_higher', ref),
      direction(t, lower, 'shown_lower', ref),
    ],
    mostDiffer: compared.length > 0 && wrong.length > compared.length / 2,
    referralIds: Array.from(wrong.subarray(0, 1000), (i) => t.referralId[i]!),
  };
}
