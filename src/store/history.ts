/**
 * The records a call is scored from, as a small county extract: the referral itself, the people
 * it names, their records (events not superseded by a correction) and the earlier referrals that
 * name them (links not superseded by a correction: a referral found not to concern someone stays
 * for its other people), exactly as the batch builder would see them in the full extract. Scoring this
 * extract with buildFeatures is the same code path as batch scoring, so the numbers are identical.
 *
 * Only what can reach the call's features is read: events that start before the call's day and
 * referrals received before the call (the builder applies the same rule again).
 */
import { SightlineError, dayOf, formatDate, formatDateTime } from '../core/index.js';
import { CONTRACT_VERSION, type Extract } from '../contract/index.js';
import type { Sql } from './sql.js';
import { storeColumns, tableFromRows } from './contract-columns.js';
import { rowsWithIds } from './in-list.js';

/** A referral's history extract and, row for row, the store ids of its events. */
export interface ReferralHistory {
  readonly extract: Extract;
  /** `event_id` of each row of `extract.events`. */
  readonly eventIds: readonly number[];
  /** Epoch milliseconds of the call. */
  readonly receivedMs: number;
}

type Row = Record<string, unknown>;

/**
 * The history extract of a stored referral (its manifest's `as_of` is the call's day).
 * @throws SightlineError E_STORE_NOT_FOUND when the referral is not in the store.
 */
export async function referralHistory(sql: Sql, referralId: string): Promise<ReferralHistory> {
  const refCols = storeColumns('referrals').join(', ');
  // Independent queries go together (PostgreSQL runs them on several pooled connections).
  const [referral, members] = await Promise.all([
    sql.get<Row>(`SELECT ${refCols} FROM referrals WHERE referral_id = ?`, [referralId]),
    sql.all<Row>(
      'SELECT referral_id, person_id, role FROM referral_persons WHERE referral_id = ? ORDER BY person_id, role',
      [referralId],
    ),
  ]);
  if (referral === undefined) {
    throw new SightlineError('E_STORE_NOT_FOUND', `referral ${referralId} is not in the store.`, {
      referralId,
    });
  }
  const receivedMs = Number(referral.received_ms);
  const callDay = dayOf(receivedMs);
  const ids = [...new Set(members.map((m) => String(m.person_id)))].sort();
  const [persons, events, prior] = await Promise.all([
    rowsWithIds<Row>(
      sql,
      { table: 'persons', key: 'person_id', columns: storeColumns('persons').join(', ') },
      ids,
    ),
    rowsWithIds<Row>(
      sql,
      {
        table: 'events',
        key: 'person_id',
        columns: `event_id, ${storeColumns('events').join(', ')}`,
        where: 'superseded_at IS NULL AND start_day < ?',
      },
      ids,
      [callDay],
    ),
    rowsWithIds<Row>(
      sql,
      {
        table: 'referral_persons rp JOIN referrals r ON r.referral_id = rp.referral_id',
        key: 'rp.person_id',
        columns: `rp.person_id AS rp_person_id, rp.role AS rp_role, ${storeColumns('referrals')
          .map((c) => `r.${c}`)
          .join(', ')}`,
        where: 'rp.superseded_at IS NULL AND r.received_ms < ?',
      },
      ids,
      [receivedMs],
    ),
  ]);
  events.sort(
    (a, b) =>
      (String(a.person_id) < String(b.person_id) ? -1 : a.person_id === b.person_id ? 0 : 1) ||
      Number(a.start_day) - Number(b.start_day) ||
      Number(a.event_id) - Number(b.event_id),
  );
  const refs = new Map<string, Row>([[referralId, referral]]);
  const links: Row[] = [...members];
  for (const p of prior) {
    refs.set(String(p.referral_id), p);
    links.push({ referral_id: p.referral_id, person_id: p.rp_person_id, role: p.rp_role });
  }
  const referralRows = [...refs.values()].sort((a, b) =>
    String(a.referral_id) < String(b.referral_id) ? -1 : 1,
  );
  const extract: Extract = {
    manifest: {
      contract: CONTRACT_VERSION,
      name: `referral ${referralId}`,
      as_of: formatDate(callDay),
      created_at: formatDateTime(receivedMs),
    },
    asOfDay: callDay,
    referrals: tableFromRows('referrals', referralRows),
    persons: tableFromRows('persons', persons),
    referral_persons: tableFromRows('referral_persons', links),
    events: tableFromRows('events', events),
  };
  return { extract, eventIds: events.map((e) => Number(e.event_id)), receivedMs };
}
