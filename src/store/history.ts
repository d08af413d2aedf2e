/**
 * The records a call is scored from, as a small county extract: the referral itself, the people
 * it names, their records (events not superseded by a correction) and the earlier referrals that
 * name them (links not superseded by a correction: a referral found not to concern someone stays
 * for its other people), exactly as the batch builder would see them in the full extract. Scoring this
 * extract with buildFeatures is the same code path as batch scoring, so the numbers are identical.
 *
 * Only what can reach the call's features is read: events that start before the call's day and
 * referrals received before the call (the builder applies the same rule again). Three queries,
 * each selecting the call's people and time with subqueries: their persons rows, their events, and
 * the referrals naming them (the call's own and the earlier ones) with each link's person and
 * role. On PostgreSQL they are one statement returning each set by columns, one JSON array per
 * column (one round trip on one connection; the columns are text and integers, which JSON carries
 * exactly). By columns rather than as an array of row objects, the text is a third as long (no
 * column name repeated in every row) and PostgreSQL builds it in less time: the linked referrals'
 * part took 0.42 ms instead of 0.65 ms, round trip included (bench/README.md, service).
 */
import { SightlineError, dayOf, formatDate, formatDateTime } from '../core/index.js';
import { CONTRACT_VERSION, type Extract } from '../contract/index.js';
import type { Sql } from './sql.js';
import { storeColumns, tableFromRows } from './contract-columns.js';

/** A referral's history extract and, row for row, the store ids of its events. */
export interface ReferralHistory {
  readonly extract: Extract;
  /** `event_id` of each row of `extract.events`. */
  readonly eventIds: readonly number[];
  /** Epoch milliseconds of the call. */
  readonly receivedMs: number;
}

type Row = Record<string, unknown>;

const PEOPLE = 'SELECT person_id FROM referral_persons WHERE referral_id = ?';
const CALL_MS = '(SELECT received_ms FROM referrals WHERE referral_id = ?)';
/** The call's UTC day: floor(ms / day) in integers, exact before 1970 too (% truncates). */
const CALL_DAY = `(${CALL_MS} - ((${CALL_MS} % 86400000) + 86400000) % 86400000) / 86400000`;
const PERSONS_SQL = `SELECT ${storeColumns('persons').join(', ')} FROM persons WHERE person_id IN (${PEOPLE})`;
const EVENTS_SQL = `SELECT event_id, ${storeColumns('events').join(', ')} FROM events
  WHERE person_id IN (${PEOPLE}) AND superseded_at IS NULL AND start_day < ${CALL_DAY}`;
const REFERRALS_SQL = `SELECT rp.person_id AS rp_person_id, rp.role AS rp_role, ${storeColumns(
  'referrals',
)
  .map((c) => `r.${c}`)
  .join(', ')}
  FROM referral_persons rp JOIN referrals r ON r.referral_id = rp.referral_id
  WHERE rp.person_id IN (${PEOPLE}) AND rp.superseded_at IS NULL
    AND (r.received_ms < ${CALL_MS} OR r.referral_id = ?)`;

/** The columns each query selects, in order (as HISTORY_POSTGRES returns them). */
const COLUMNS = {
  persons: storeColumns('persons'),
  events: ['event_id', ...storeColumns('events')],
  linked: ['rp_person_id', 'rp_role', ...storeColumns('referrals')],
};
/**
 * A query's rows as one JSON array of its columns, each a JSON array of that column's values in
 * row order (every aggregate of one query reads the rows in the same order), or null for no rows.
 */
const BY_COLUMNS = (q: string, columns: readonly string[]) =>
  `(SELECT CASE WHEN count(*) > 0 THEN json_build_array(${columns.map((c) => `json_agg(t.${c})`).join(', ')}) END FROM (${q}) t)`;
/** The history as three sets of columns in one row (the referral's id bound 7 times). */
export const HISTORY_POSTGRES = `SELECT ${BY_COLUMNS(PERSONS_SQL, COLUMNS.persons)} AS persons,
  ${BY_COLUMNS(EVENTS_SQL, COLUMNS.events)} AS events,
  ${BY_COLUMNS(REFERRALS_SQL, COLUMNS.linked)} AS linked`;
/** How many times HISTORY_POSTGRES binds the referral's id. */
export const HISTORY_POSTGRES_IDS = 7;

/** The persons, events and linked referrals rows of a referral's history. */
export type HistoryRows = [Row[], Row[], Row[]];

/** HISTORY_POSTGRES's three sets by columns (null when empty). */
export interface HistoryColumns {
  readonly persons: unknown[][] | null;
  readonly events: unknown[][] | null;
  readonly linked: unknown[][] | null;
}

/** Row objects from one set of columns. */
function rowsOf(names: readonly string[], columns: unknown[][] | null): Row[] {
  if (columns === null) return [];
  const rows: Row[] = [];
  for (let i = 0; i < columns[0]!.length; i++) {
    const row: Row = {};
    for (let k = 0; k < names.length; k++) row[names[k]!] = columns[k]![i];
    rows.push(row);
  }
  return rows;
}

/** The rows of HISTORY_POSTGRES's answer. */
export function historyRowsOf(r: HistoryColumns): HistoryRows {
  return [
    rowsOf(COLUMNS.persons, r.persons),
    rowsOf(COLUMNS.events, r.events),
    rowsOf(COLUMNS.linked, r.linked),
  ];
}

/** The persons, events and linked referrals rows (each query takes the referral's id 1 or 3 times). */
async function historyRows(sql: Sql, id: string): Promise<HistoryRows> {
  if (sql.dialect === 'postgres') {
    const ids = Array<string>(HISTORY_POSTGRES_IDS).fill(id);
    return historyRowsOf((await sql.get<HistoryColumns>(HISTORY_POSTGRES, ids))!);
  }
  return Promise.all([
    sql.all<Row>(PERSONS_SQL, [id]),
    sql.all<Row>(EVENTS_SQL, [id, id, id]),
    sql.all<Row>(REFERRALS_SQL, [id, id, id]),
  ]);
}

const byText = (a: unknown, b: unknown): number => {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The history extract of a stored referral (its manifest's `as_of` is the call's day).
 * @throws SightlineError E_STORE_NOT_FOUND when the referral is not in the store.
 */
export async function referralHistory(sql: Sql, referralId: string): Promise<ReferralHistory> {
  return historyOf(sql, referralId, await historyRows(sql, referralId));
}

/**
 * The history extract from its rows (sorted here: the order of the store's rows never reaches it).
 * @throws SightlineError E_STORE_NOT_FOUND when the referral is not in the store.
 */
export async function historyOf(
  sql: Sql,
  referralId: string,
  [persons, events, linked]: HistoryRows,
): Promise<ReferralHistory> {
  const refs = new Map<string, Row>();
  const links: Row[] = [];
  for (const p of linked) {
    refs.set(String(p.referral_id), p);
    links.push({ referral_id: p.referral_id, person_id: p.rp_person_id, role: p.rp_role });
  }
  if (!refs.has(referralId)) {
    // A referral naming nobody has no link to find it by; one that does not exist is an error.
    const own = await sql.get<Row>(
      `SELECT ${storeColumns('referrals').join(', ')} FROM referrals WHERE referral_id = ?`,
      [referralId],
    );
    if (own === undefined) notFound(referralId);
    refs.set(referralId, own);
  }
  const receivedMs = Number(refs.get(referralId)!.received_ms);
  const callDay = dayOf(receivedMs);
  // The call's own people first (by person, role), then earlier referrals' links: the order of
  // the store's rows never reaches the extract.
  links.sort(
    (a, b) =>
      Number(b.referral_id === referralId) - Number(a.referral_id === referralId) ||
      byText(a.referral_id, b.referral_id) ||
      byText(a.person_id, b.person_id) ||
      byText(a.role, b.role),
  );
  persons.sort((a, b) => byText(a.person_id, b.person_id));
  events.sort(
    (a, b) =>
      byText(a.person_id, b.person_id) ||
      Number(a.start_day) - Number(b.start_day) ||
      Number(a.event_id) - Number(b.event_id),
  );
  const referralRows = [...refs.values()].sort((a, b) => byText(a.referral_id, b.referral_id));
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

function notFound(referralId: string): never {
  throw new SightlineError('E_STORE_NOT_FOUND', `referral ${referralId} is not in the store.`, {
    referralId,
  });
}
