/**
 * Supervisor overrides of the high-risk protocol (a mandatory screen-in that a supervisor turned
 * into a screen-out), and the screener's tilt by household race, each measured twice: crude
 * (rates by group with Wilson intervals and a Newcombe interval for the difference) and adjusted
 * (a Mantel–Haenszel odds ratio within strata of what the decision-maker could see, with the
 * Robins–Breslow–Greenland interval).
 *
 * - Overrides: high-protocol referrals with the override recorded; strata supervisor × the
 *   screener's risk rating. Rates by supervisor, and a χ² test that all supervisors share a rate.
 * - Screener tilt: referrals the screener decided (not required by law, not under the high
 *   protocol); strata screener × risk × safety × allegation × shown score and protocol (or none
 *   shown) × children named × prior referrals of the people named. What
 *   the screener perceived beyond the recorded ratings is not in the data, so the adjusted ratio
 *   can still carry some confounding by unrecorded risk; the report says so.
 */
import { chiSquareSurvival, mantelHaenszel, type OddsRatioEstimate } from './inference.js';
import type { DecisionTable } from './decision-table.js';
import { rateCell, rateDifference, withAll, type RateCell, type RateDifference } from './rates.js';

/** Per-group rates, the contrast of each group with the reference, and the adjusted odds ratio. */
export interface DisparityResult {
  readonly byGroup: readonly ({ readonly group: string } & RateCell)[];
  readonly reference: string;
  readonly contrasts: readonly ({ readonly group: string } & RateDifference)[];
  /** Mantel–Haenszel odds ratio of each group against the reference, within the strata. */
  readonly adjusted: readonly ({ readonly group: string } & OddsRatioEstimate)[];
  readonly strata: string;
}

/**
 * Crude and stratified disparity of the event among `rows` by `t.group`, the reference being the
 * last group (non-Black households). `stratum(i)` is a number naming the stratum of row i.
 */
export function disparity(
  t: DecisionTable,
  rows: Uint32Array,
  event: (i: number) => boolean,
  stratum: (i: number) => number,
  strata: string,
): DisparityResult {
  const G = t.groups.length;
  const k = new Float64Array(G + 1);
  const n = new Float64Array(G + 1);
  for (const i of rows) {
    const g = t.group[i]!;
    const e = event(i) ? 1 : 0;
    if (g >= 0) {
      n[g]!++;
      k[g]! += e;
    }
    n[G]!++;
    k[G]! += e;
  }
  const labels = withAll(t.groups);
  const byGroup = labels.map((group, g) => ({ group, ...rateCell(k[g]!, n[g]!) }));
  const ref = G - 1;
  const others = Array.from({ length: G - 1 }, (_, g) => g);
  return {
    byGroup,
    reference: t.groups[ref]!,
    contrasts: others.map((g) => ({
      group: t.groups[g]!,
      ...rateDifference(byGroup[g]!, byGroup[ref]!),
    })),
    adjusted: others.map((g) => ({
      group: t.groups[g]!,
      ...stratifiedOddsRatio(
        rows,
        stratum,
        (i) => t.group[i] === g,
        (i) => t.group[i] === ref,
        event,
      ),
    })),
    strata,
  };
}

/** Mantel–Haenszel odds ratio of `event` for exposed vs unexposed rows within strata. */
export function stratifiedOddsRatio(
  rows: Uint32Array,
  stratum: (i: number) => number,
  exposed: (i: number) => boolean,
  unexposed: (i: number) => boolean,
  event: (i: number) => boolean,
): OddsRatioEstimate {
  const cells = new Map<number, [number, number, number, number]>();
  for (const i of rows) {
    const x = exposed(i);
    if (!x && !unexposed(i)) continue;
    const s = stratum(i);
    let c = cells.get(s);
    if (c === undefined) cells.set(s, (c = [0, 0, 0, 0]));
    c[(x ? 0 : 2) + (event(i) ? 0 : 1)]!++;
  }
  const keys = [...cells.keys()].sort((a, b) => a - b);
  return mantelHaenszel(
    keys.map((s) => {
      const [a, b, c, d] = cells.get(s)!;
      return { a, b, c, d };
    }),
  );
}

/** Override rate of one supervisor. */
export interface SupervisorRate extends RateCell {
  readonly supervisor: string;
  /** Fewer high-protocol referrals than the minimum: shown, not used in the homogeneity test. */
  readonly few: boolean;
}

/** Overrides: who overrides how often, for whom. */
export interface OverrideResult {
  readonly rows: number;
  readonly disparity: DisparityResult;
  readonly bySupervisor: readonly SupervisorRate[];
  /** χ² test that every supervisor (with enough cases) has the same override rate. */
  readonly homogeneity: { readonly chiSquare: number; readonly df: number; readonly p: number };
}

/** High-protocol referrals with the override recorded, among `rows`. */
export function overrideRows(t: DecisionTable, rows: Uint32Array): Uint32Array {
  return rows.filter((i) => t.shownProtocol[i] === 0 && t.override[i]! >= 0);
}

/** Override analysis over the high-protocol referrals among `rows`. */
export function overrideAnalysis(
  t: DecisionTable,
  rows: Uint32Array,
  minCases: number,
): OverrideResult {
  const high = overrideRows(t, rows);
  const event = (i: number) => t.override[i] === 1;
  const stratum = (i: number) => (t.supervisor[i]! + 1) * 4 + t.risk[i]!;
  const S = t.supervisors.length;
  const k = new Float64Array(S);
  const n = new Float64Array(S);
  for (const i of high) {
    const s = t.supervisor[i]!;
    if (s < 0) continue;
    n[s]!++;
    if (event(i)) k[s]!++;
  }
  const bySupervisor: SupervisorRate[] = [];
  for (let s = 0; s < S; s++) {
    if (n[s]! > 0)
      bySupervisor.push({
        supervisor: t.supervisors[s]!,
        few: n[s]! < minCases,
        ...rateCell(k[s]!, n[s]!),
      });
  }
  return {
    rows: high.length,
    disparity: disparity(t, high, event, stratum, 'supervisor × screener risk rating'),
    bySupervisor,
    homogeneity: homogeneity(bySupervisor.filter((r) => !r.few)),
  };
}

/** Pearson χ² test of equal rates across cells (df = cells − 1). */
export function homogeneity(cells: readonly RateCell[]): {
  chiSquare: number;
  df: number;
  p: number;
} {
  const K = cells.reduce((a, c) => a + c.k, 0);
  const N = cells.reduce((a, c) => a + c.n, 0);
  const p = K / N;
  const df = cells.length - 1;
  if (df < 1 || !(p > 0 && p < 1)) return { chiSquare: NaN, df, p: NaN };
  let x = 0;
  for (const c of cells) x += (c.k - c.n * p) ** 2 / (c.n * p * (1 - p));
  return { chiSquare: x, df, p: chiSquareSurvival(x, df) };
}

/**
 * Referrals the screener decided: decided, not required by law, not under the high protocol.
 */
export function screenerDecidedRows(t: DecisionTable, rows: Uint32Array): Uint32Array {
  return rows.filter(
    (i) => t.mandatory[i] === 0 && t.screenedIn[i]! >= 0 && t.shownProtocol[i] !== 0,
  );
}

/** Band of a prior-referral count: 0, 1, 2–3, 4+. */
const priorBand = (n: number) => (n >= 4 ? 3 : n >= 2 ? 2 : n);

/** The screener's screen-in disparity by household race, crude and within rating strata. */
export function screenerTilt(
  t: DecisionTable,
  rows: Uint32Array,
): DisparityResult & { rows: number } {
  const decided = screenerDecidedRows(t, rows);
  const stratum = (i: number) => {
    const shown = t.shownScore[i]!;
    const s = (Number.isNaN(shown) ? 0 : shown) * 4 + t.shownProtocol[i]! + 1;
    const ratings = ((t.screener[i]! + 1) * 4 + t.risk[i]!) * 4 + t.safety[i]!;
    const family = Math.min(4, t.children[i]!) * 4 + priorBand(t.priorReferrals[i]!);
    return ((ratings * 8 + t.allegation[i]! + 1) * 128 + s) * 32 + family;
  };
  return {
    rows: decided.length,
    ...disparity(
      t,
      decided,
      (i) => t.screenedIn[i] === 1,
      stratum,
      'screener × risk rating × safety rating × allegation × shown score and protocol × children named (1, 2, 3, 4+) × prior referrals (0, 1, 2–3, 4+)',
    ),
  };
}
