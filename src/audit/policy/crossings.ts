/**
 * Who crosses the high-risk line when a model changes (Gerchick et al. 2023, Figure 2): the
 * referral-households of the evaluation records assigned the high-risk protocol by model a and
 * not by model b (they left the line) or the other way round (they entered it), counted by
 * household race and by whether the household is marked by the dropped group. The records behind
 * the counts (referral and person ids, scores and protocols before and after) are returned only
 * when asked for: they identify families, and are for an analyst with access to the extract.
 */
import { HOUSEHOLD_RACE } from '../../features/index.js';
import type { Protocol } from '../../scoring/index.js';
import type { PolicyContext } from './context.js';
import { householdRows } from './policies.js';
import type { ScoredModel } from './scored.js';

/** Household counts of one group. */
export interface CrossingCount {
  /** black, non_black, marked, unmarked or all. */
  readonly group: string;
  readonly households: number;
  readonly highBefore: number;
  readonly highAfter: number;
  /** High-risk under a, not under b. */
  readonly left: number;
  /** High-risk under b, not under a. */
  readonly entered: number;
}

/** One child-referral record of a household that crossed the line. */
export interface CrossingRecord {
  readonly referralId: string;
  readonly personId: string;
  readonly householdRace: string;
  readonly marked: boolean;
  readonly scoreBefore: number;
  readonly scoreAfter: number;
  readonly protocolBefore: Protocol;
  readonly protocolAfter: Protocol;
}

/** Counts (and, with `records`, the records) of households crossing the high-risk line. */
export function crossings(
  ctx: PolicyContext,
  a: ScoredModel,
  b: ScoredModel,
  o: { readonly records: boolean; readonly mark?: Uint8Array },
): { counts: CrossingCount[]; records: CrossingRecord[] | null } {
  const r = ctx.fs.records;
  const names = [...HOUSEHOLD_RACE, 'marked', 'unmarked', 'all'];
  const tally = names.map(() => [0, 0, 0, 0, 0]);
  const crossed = new Set<number>();
  for (const i of householdRows(ctx.split.test, r.household)) {
    const before = a.protocol[i] === 'high';
    const after = b.protocol[i] === 'high';
    const groups = [r.householdRace[i]!, names.length - 1];
    if (o.mark !== undefined) groups.push(o.mark[r.household[i]!] === 1 ? 2 : 3);
    for (const g of groups) {
      const t = tally[g]!;
      t[0]!++;
      if (before) t[1]!++;
      if (after) t[2]!++;
      if (before && !after) t[3]!++;
      if (after && !before) t[4]!++;
    }
    if (before !== after) crossed.add(r.household[i]!);
  }
  const counts = names
    .map((group, g) => {
      const [households, highBefore, highAfter, left, entered] = tally[g]!;
      return {
        group,
        households: households!,
        highBefore: highBefore!,
        highAfter: highAfter!,
        left: left!,
        entered: entered!,
      };
    })
    .filter((c) => o.mark !== undefined || (c.group !== 'marked' && c.group !== 'unmarked'));
  if (!o.records) return { counts, records: null };
  const records: CrossingRecord[] = [];
  for (const i of ctx.split.test) {
    if (!crossed.has(r.household[i]!)) continue;
    records.push({
      referralId: r.referralId[i]!,
      personId: r.personId[i]!,
      householdRace: HOUSEHOLD_RACE[r.householdRace[i]!]!,
      marked: o.mark !== undefined && o.mark[r.household[i]!] === 1,
      scoreBefore: a.score[i]!,
      scoreAfter: b.score[i]!,
      protocolBefore: a.protocol[i]!,
      protocolAfter: b.protocol[i]!,
    });
  }
  return { counts, records };
}
