/**
 * Counts of decided calls for the analyst's reports: one row per combination of household race
 * (a "Black household" has anyone on the referral recorded as black), protocol, household score,
 * decision, override, the law's requirement, the screener's ratings and the supervisor. Only
 * counts leave the database; the server suppresses small cells before anyone sees them.
 */
import type { Sql } from './sql.js';

/** One cell of the decided-call counts. */
export interface CallTally {
  readonly household_race: 'black' | 'non_black';
  readonly protocol: string | null;
  readonly household_score: number | null;
  readonly decision: 'in' | 'out';
  readonly override: number;
  readonly law_required: number;
  readonly risk: number | null;
  readonly safety: number | null;
  readonly supervisor_id: string;
  readonly n: number;
}

/** Counts of decided calls by every grouping the reports use. */
export async function callTallies(sql: Sql): Promise<CallTally[]> {
  return sql.all<CallTally>(
    `SELECT CASE WHEN EXISTS (
              SELECT 1 FROM referral_persons rp JOIN persons p ON p.person_id = rp.person_id
               WHERE rp.referral_id = c.referral_id AND p.race = 'black')
            THEN 'black' ELSE 'non_black' END AS household_race,
            s.protocol, s.household_score, c.decision, c.override, c.law_required,
            c.risk, c.safety, c.supervisor_id, COUNT(*) AS n
       FROM calls c LEFT JOIN call_scores s ON s.score_id = c.score_id
      WHERE c.status = 'decided'
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  );
}

/** How many calls are in each status. */
export async function statusCounts(sql: Sql): Promise<{ status: string; n: number }[]> {
  return sql.all('SELECT status, COUNT(*) AS n FROM calls GROUP BY status ORDER BY status');
}
