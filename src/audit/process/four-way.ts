/**
 * The four-way table of Cheng et al. (2022): for each referral the screener decided with a score,
 * did the tool say in or out, and did people screen in or out — by group — and the screen-in gap
 * between groups had the tool alone decided, against the gap people actually produced.
 *
 * "The tool says in" is a rule on the score: `rate` (default) picks the threshold "score ≥ t"
 * whose screen-in share is closest to the share people screened in (ties: the higher t), so both
 * decide about as many referrals in and only who differs; `protocol` uses the shown high-risk
 * protocol; a number T means "score ≥ T". The change in the gap (actual gap minus tool-alone gap)
 * has a Wald interval from the per-referral differences (actual − tool ∈ {−1, 0, 1}), which are
 * paired within a referral and independent between groups.
 */
import type { DecisionTable } from './decision-table.js';
import { rateCell, rateDifference, withAll, type RateCell, type RateDifference } from './rates.js';

/** How the tool alone would decide. */
export type ToolRule = 'rate' | 'protocol' | number;

/** One group's four cells and its two screen-in rates. */
export interface FourWayRow {
  readonly group: string;
  readonly n: number;
  readonly toolInPeopleIn: number;
  readonly toolInPeopleOut: number;
  readonly toolOutPeopleIn: number;
  readonly toolOutPeopleOut: number;
  readonly toolAlone: RateCell;
  readonly actual: RateCell;
}

/** The four-way table and the gaps. */
export interface FourWayResult {
  /** The rule in words, e.g. `score >= 12 (matches the actual screen-in share)`. */
  readonly rule: string;
  readonly threshold: number | null;
  readonly rows: readonly FourWayRow[];
  readonly reference: string;
  /** Per non-reference group: gap to the reference under the tool alone, actually, and the change. */
  readonly gaps: readonly {
    readonly group: string;
    readonly toolAlone: RateDifference;
    readonly actual: RateDifference;
    readonly change: RateDifference;
  }[];
}

/**
 * The threshold t (among the scores' distinct values) whose share "score ≥ t" over `rows` is
 * closest to `share`; ties go to the higher t.
 */
export function rateMatchedThreshold(
  score: Float64Array,
  rows: Uint32Array,
  share: number,
): number {
  const sorted = Float64Array.from(rows, (i) => score[i]!).sort();
  const n = sorted.length;
  let best = NaN;
  let bestGap = Infinity;
  for (let k = 0; k < n; k++) {
    if (k > 0 && sorted[k] === sorted[k - 1]) continue;
    const gap = Math.abs((n - k) / n - share);
    if (gap <= bestGap) {
      bestGap = gap;
      best = sorted[k]!;
    }
  }
  return best;
}

/** Builds the tool's decision per row and describes the rule. */
function toolDecisions(
  t: DecisionTable,
  rows: Uint32Array,
  score: Float64Array,
  rule: ToolRule,
): { toolIn: Uint8Array; text: string; threshold: number | null } {
  const toolIn = new Uint8Array(t.n);
  if (rule === 'protocol') {
    for (const i of rows) toolIn[i] = t.shownProtocol[i] === 0 ? 1 : 0;
    return { toolIn, text: 'the shown high-risk protocol', threshold: null };
  }
  let actual = 0;
  for (const i of rows) actual += t.screenedIn[i] === 1 ? 1 : 0;
  const th = rule === 'rate' ? rateMatchedThreshold(score, rows, actual / rows.length) : rule;
  for (const i of rows) toolIn[i] = score[i]! >= th ? 1 : 0;
  const why =
    rule === 'rate' ? ' (the threshold whose screen-in share is closest to the actual one)' : '';
  return { toolIn, text: `score >= ${th}${why}`, threshold: th };
}

/** Mean and variance of the mean of (actual − tool) over a group's rows. */
function pairedChange(
  rows: Uint32Array,
  t: DecisionTable,
  toolIn: Uint8Array,
): { mean: number; varMean: number } {
  let s = 0;
  let s2 = 0;
  for (const i of rows) {
    const d = (t.screenedIn[i] === 1 ? 1 : 0) - toolIn[i]!;
    s += d;
    s2 += d * d;
  }
  const n = rows.length;
  const mean = s / n;
  const v = n > 1 ? (s2 - n * mean * mean) / (n - 1) : NaN;
  return { mean, varMean: v / n };
}

/**
 * The four-way table over `rows` (decided referrals not required by law, with a score).
 * @example fourWay(table, rows, shownScore, 'rate').gaps[0].change.value
 */
export function fourWay(
  t: DecisionTable,
  rows: Uint32Array,
  score: Float64Array,
  rule: ToolRule,
): FourWayResult {
  const usable = rows.filter((i) => !Number.isNaN(score[i]!) && t.screenedIn[i]! >= 0);
  const { toolIn, text, threshold } = toolDecisions(t, usable, score, rule);
  const G = t.groups.length;
  const labels = withAll(t.groups);
  const groupRows = labels.map((_, g) => (g < G ? usable.filter((i) => t.group[i] === g) : usable));
  const out: FourWayRow[] = groupRows.map((sub, g) => {
    const c = [0, 0, 0, 0];
    for (const i of sub) c[toolIn[i]! * 2 + (t.screenedIn[i] === 1 ? 1 : 0)]!++;
    return {
      group: labels[g]!,
      n: sub.length,
      toolInPeopleIn: c[3]!,
      toolInPeopleOut: c[2]!,
      toolOutPeopleIn: c[1]!,
      toolOutPeopleOut: c[0]!,
      toolAlone: rateCell(c[2]! + c[3]!, sub.length),
      actual: rateCell(c[1]! + c[3]!, sub.length),
    };
  });
  const ref = G - 1;
  const z = 1.959963984540054;
  const refChange = pairedChange(groupRows[ref]!, t, toolIn);
  const gaps = Array.from({ length: G - 1 }, (_, g) => {
    const own = pairedChange(groupRows[g]!, t, toolIn);
    const value = own.mean - refChange.mean;
    const se = Math.sqrt(own.varMean + refChange.varMean);
    return {
      group: labels[g]!,
      toolAlone: rateDifference(out[g]!.toolAlone, out[ref]!.toolAlone),
      actual: rateDifference(out[g]!.actual, out[ref]!.actual),
      change: { value, lo: value - z * se, hi: value + z * se },
    };
  });
  return { rule: text, threshold, rows: out, reference: labels[ref]!, gaps };
}
