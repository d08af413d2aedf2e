/**
 * The policies of a replay (Gerchick et al. 2023, §4.1.2): a score aggregation — how the number a
 * screener sees is formed — crossed with an outcome level — what counts as the outcome the score
 * is judged against. Every policy is evaluated on the same child-referral records, clustered by
 * referral.
 *
 * Score aggregations:
 * - `individual`: the child's own score (how the developers reported performance);
 * - `household_max`: the highest score of the children on the referral (what screeners see);
 * - `alleged_victim`: the highest score among the referral's alleged victims (a referral that
 *   names no scored alleged victim falls back to its household maximum);
 * - `protocol`: the household's protocol under the model's rule set, ranked low < none < high.
 *
 * The high-risk line: a score at or above the threshold (by default the protocol's high-risk
 * score, 18 for Allegheny V2), or, for the protocol, the high-risk protocol itself. A **false
 * positive** is a record flagged by the line whose outcome (at the policy's outcome level) did
 * not happen; for the protocol, a child whose household is assigned the high-risk protocol
 * (mandatory screen-in) although the outcome did not happen. FPR = false positives ÷ records
 * without the outcome.
 */
import { aggregateScores, type Protocol } from '../../scoring/index.js';
import type { OutcomeLevel, PolicyContext } from './context.js';
import type { ScoredModel } from './scored.js';

/** The four score aggregations, in report order. */
export const SCORE_POLICIES = [
  'individual',
  'household_max',
  'alleged_victim',
  'protocol',
] as const;
export type ScorePolicy = (typeof SCORE_POLICIES)[number];

/** The rank of each protocol when the protocol is used as a score. */
export const PROTOCOL_RANK: Readonly<Record<Protocol, number>> = { low: 1, none: 2, high: 3 };

/** What each aggregation means, for reports. */
export const POLICY_TEXT: Readonly<Record<ScorePolicy, string>> = {
  individual: "the child's own score",
  household_max: 'the highest score of the children on the referral',
  alleged_victim:
    'the highest score among the alleged victims (the household maximum when none is scored)',
  protocol: 'the household protocol, ranked low < none < high',
};

/** The false positive, defined once for every report. */
export const FALSE_POSITIVE_TEXT =
  'A false positive is a child-referral record on the high-risk side of the line whose outcome did not happen at the policy’s outcome level. For score policies the line is “score ≥ threshold”; for the protocol policy it is the high-risk protocol: a child whose household is assigned the high-risk protocol (mandatory screen-in unless a supervisor overrides) although the outcome did not happen. FPR = false positives ÷ records without the outcome.';

/** One policy: its score and high-risk flag per record, and the labels it is judged against. */
export interface PolicyView {
  readonly id: string;
  readonly score: ScorePolicy;
  readonly outcome: OutcomeLevel;
  readonly values: Float64Array;
  readonly flagged: Uint8Array;
  readonly y: Uint8Array;
}

/** The score each record carries under an aggregation (protocol ranks for `protocol`). */
export function policyValues(
  ctx: PolicyContext,
  m: ScoredModel,
  policy: ScorePolicy,
): Float64Array {
  const r = ctx.fs.records;
  switch (policy) {
    case 'individual':
      return m.score;
    case 'household_max':
      return aggregateScores(m.score, r.household, 'household_max');
    case 'alleged_victim':
      return aggregateScores(m.score, r.household, 'alleged_victim_max', r.isAllegedVictim);
    case 'protocol':
      return Float64Array.from(m.protocol, (p) => PROTOCOL_RANK[p]);
  }
}

/** The high-risk flag of each record under an aggregation (see the file comment). */
export function policyFlags(
  values: Float64Array,
  policy: ScorePolicy,
  threshold: number,
): Uint8Array {
  const line = policy === 'protocol' ? PROTOCOL_RANK.high : threshold;
  return Uint8Array.from(values, (v) => (v >= line ? 1 : 0));
}

/** Every policy of the replay: each aggregation × each outcome level. */
export function policyViews(ctx: PolicyContext, m: ScoredModel, threshold: number): PolicyView[] {
  return SCORE_POLICIES.flatMap((score) => {
    const values = policyValues(ctx, m, score);
    const flagged = policyFlags(values, score, threshold);
    return (['child', 'household'] as const).map((outcome) => ({
      id: `${score}/${outcome}`,
      score,
      outcome,
      values,
      flagged,
      y: ctx.y[outcome],
    }));
  });
}

/** The default high-risk score: the protocol's high-risk minimum, else the top quarter of bins. */
export function defaultThreshold(ctx: PolicyContext): number {
  const high = ctx.file.protocol.high;
  if (high !== null) return high.minScore;
  const bins = ctx.file.scale.kind === 'quantile' ? ctx.file.scale.bins : 20;
  return bins - Math.round(bins / 4) + 1;
}

/** One evaluation record per household (the first of each referral among `rows`). */
export function householdRows(rows: Uint32Array, household: Uint32Array): Uint32Array {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const r of rows) {
    if (seen.has(household[r]!)) continue;
    seen.add(household[r]!);
    out.push(r);
  }
  return Uint32Array.from(out);
}
