/**
 * Demo mode only: the people of one of the county's loaded referrals, to fill a new call's form
 * with a realistic household (the demo county is synthetic; a real deployment has no such route).
 */
import type { Deps } from '../context.js';

/** The people (id and role) of the `n`-th most recent loaded referral naming two or more children. */
export async function sampleHousehold(
  deps: Deps,
  n: number,
): Promise<{ personId: string; role: string }[]> {
  const k = Number.isInteger(n) && n >= 0 ? n % 200 : 0;
  const ref = await deps.db.get<{ referral_id: string }>(
    `SELECT r.referral_id FROM referrals r
      WHERE r.origin LIKE 'load%' AND (SELECT COUNT(*) FROM referral_persons rp
             WHERE rp.referral_id = r.referral_id AND rp.role IN ('alleged_victim', 'child')) >= 2
      ORDER BY r.received_ms DESC, r.referral_id LIMIT 1 OFFSET ?`,
    [k],
  );
  if (ref === undefined) return [];
  const rows = await deps.db.all<{ person_id: string; role: string }>(
    'SELECT person_id, role FROM referral_persons WHERE referral_id = ? ORDER BY role, person_id',
    [ref.referral_id],
  );
  return rows.map((r) => ({ personId: r.person_id, role: r.role }));
}
