/**
 * The household-size view (Gerchick et al. 2023, Figure 3): the share of referral-households
 * recommended for screen-in (assigned the high-risk protocol) by the number of people named on
 * the referral × household race, for each model given (typically with and without the "ever-in"
 * features), with Wilson intervals, the Black − non-Black gap per size with Newcombe's interval,
 * and the share of households in which someone carries an ever-in mark. Under a household maximum
 * every extra person is another chance to be marked, and marks are more common in Black
 * households, so the gap can grow with size.
 */
import { HOUSEHOLD_RACE } from '../../features/index.js';
import { newcombeDifference, wilson } from '../../metrics/index.js';
import type { PolicyContext } from './context.js';
import { householdRows } from './policies.js';
import type { ScoredModel } from './scored.js';

/** One cell: a model, a size band and a group (or the gap between the two groups). */
export interface HouseholdSizeRow {
  readonly model: string;
  /** "1", "2", …, and the last band "N+". */
  readonly size: string;
  /** black, non_black, or gap (black − non-black, shares only). */
  readonly group: string;
  readonly households: number;
  /** Share assigned the high-risk protocol, with its 95% interval. */
  readonly high: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  /** Share of households in which someone carries an ever-in mark (null for the gap row). */
  readonly marked: number | null;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The view for each model. `maxSize` starts the last band (default 5: "5+"); `mark` flags the
 * households (by referral index) with an ever-in mark.
 */
export function householdSizeView(
  ctx: PolicyContext,
  models: readonly ScoredModel[],
  mark: Uint8Array,
  maxSize = 5,
): HouseholdSizeRow[] {
  const r = ctx.fs.records;
  const hh = householdRows(ctx.split.test, r.household);
  const band = (i: number) => Math.min(Math.max(r.householdSize[i]!, 1), maxSize) - 1;
  const label = (b: number) => (b === maxSize - 1 ? `${maxSize}+` : String(b + 1));
  const out: HouseholdSizeRow[] = [];
  for (const m of models) {
    const n = new Float64Array(maxSize * 2);
    const k = new Float64Array(maxSize * 2);
    const marked = new Float64Array(maxSize * 2);
    for (const i of hh) {
      const c = band(i) * 2 + r.householdRace[i]!;
      n[c]!++;
      if (m.protocol[i] === 'high') k[c]!++;
      marked[c]! += mark[r.household[i]!]!;
    }
    for (let b = 0; b < maxSize; b++) {
      HOUSEHOLD_RACE.forEach((group, g) => {
        const c = b * 2 + g;
        const w = wilson(k[c]!, n[c]!);
        out.push({
          model: m.name,
          size: label(b),
          group,
          households: n[c]!,
          high: num(k[c]! / n[c]!),
          lo: num(w.lo),
          hi: num(w.hi),
          marked: num(marked[c]! / n[c]!),
        });
      });
      const [lo, hi] = newcombeDifference(k[2 * b]!, n[2 * b]!, k[2 * b + 1]!, n[2 * b + 1]!);
      out.push({
        model: m.name,
        size: label(b),
        group: 'gap',
        households: n[2 * b]! + n[2 * b + 1]!,
        high: num(k[2 * b]! / n[2 * b]! - k[2 * b + 1]! / n[2 * b + 1]!),
        lo: num(lo),
        hi: num(hi),
        marked: null,
      });
    }
  }
  return out.filter((row) => row.households > 0);
}
