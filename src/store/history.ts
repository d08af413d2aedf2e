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
 * role. On both databases they are one statement returning each set by columns, one JSON array
 * per column (the columns are text and integers, which JSON carries exactly), and the extract's
 * tables are built from those columns without an object per row. By columns rather than as row
 * objects, PostgreSQL's text is a third as long (no column name repeated in every row) and built
 * in less time: the linked referrals' part took 0.42 ms instead of 0.65 ms, round trip included;
 * on SQLite, one statement read by columns took 0.27 ms where three returning row objects took
 * 0.66 ms (bench/README.md, service).
 */
import { SightlineError, dayOf, formatDate, formatDateTime } from '../core/index.js';
import { CONTRACT_VERSION, type Extract } from '../contract/index.js';
import type { Dialect, Sql } from './sql.js';
import { storeColumns, tableFromColumns } from './contract-columns.js';

/** A referral's history extract and, row for row, the store ids of its events. */
export interface ReferralHistory {
  readonly extract: Extract;
  /** `event_id` of each row of `extract.events`. */
  readonly eventIds: readonly number[];
  /** Epoch milliseconds of the call. */
  readonly receivedMs: number;
}

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

/** The columns each query selects, in order (as the history statements return them). */
const COLUMNS = {
  persons: storeColumns('persons'),
  events: ['event_id', ...storeColumns('events')],
  linked: ['rp_person_id', 'rp_role', ...storeColumns('referrals')],
};
/**
 * A query's rows as one JSON array of its columns, each a JSON array of that column's values in
 * row order (every aggregate of one query reads the rows in the same order), or null for no rows.
 */
function byColumns(dialect: Dialect, q: string, columns: readonly string[]): string {
  const [array, agg] =
    dialect === 'postgres' ? ['json_build_array', 'json_agg'] : ['json_array', 'json_group_array'];
  return `(SELECT CASE WHEN count(*) > 0 THEN ${array}(${columns.map((c) => `${agg}(t.${c})`).join(', ')}) END FROM (${q}) t)`;
}
/** The history as three sets of columns in one row (the referral's id bound 7 times). */
const historySql = (d: Dialect) => `SELECT ${byColumns(d, PERSONS_SQL, COLUMNS.persons)} AS persons,
  ${byColumns(d, EVENTS_SQL, COLUMNS.events)} AS events,
  ${byColumns(d, REFERRALS_SQL, COLUMNS.linked)} AS linked`;
/** The history statement on PostgreSQL (call-history.ts reads the call in the same statement). */
export const HISTORY_POSTGRES = historySql('postgres');
const HISTORY_SQLITE = historySql('sqlite');
/** How many times the history statement binds the referral's id. */
export const HISTORY_IDS = 7;

/**
 * The history statement's three sets by columns (null when empty): JSON values on PostgreSQL,
 * their text on SQLite.
 */
export interface HistoryColumns {
  readonly persons: unknown[][] | string | null;
  readonly events: unknown[][] | string | null;
  readonly linked: unknown[][] | string | null;
}

type Columns = Readonly<Record<string, readonly unknown[]>>;

/** One set of the history's columns by store column name, and its number of rows. */
function columnsOf(names: readonly string[], set: unknown[][] | string | null) {
  const arrays = (typeof set === 'string' ? JSON.parse(set) : set) as unknown[][] | null;
  const c: Record<string, readonly unknown[]> = {};
  names.forEach((name, k) => (c[name] = arrays?.[k] ?? []));
  return { n: arrays?.[0]?.length ?? 0, c: c as Columns };
}

/** The history's columns (one statement, one round trip on PostgreSQL). */
async function historyColumns(sql: Sql, id: string): Promise<HistoryColumns> {
  const q = sql.dialect === 'postgres' ? HISTORY_POSTGRES : HISTORY_SQLITE;
  return (await sql.get<HistoryColumns>(q, Array<string>(HISTORY_IDS).fill(id)))!;
}

/** Row numbers 0..n-1 sorted by `compare`. */
function order(n: number, compare: (a: number, b: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort(compare);
}

/** Compares the text of two cells (code-unit order, as `<` on strings). */
const byText = (col: readonly unknown[]) => (a: number, b: number) => {
  const x = String(col[a]);
  const y = String(col[b]);
  return x < y ? -1 : x > y ? 1 : 0;
};
const byNumber = (col: readonly unknown[]) => (a: number, b: number) =>
  Number(col[a]) - Number(col[b]);

/**
 * The history extract of a stored referral (its manifest's `as_of` is the call's day).
 * @throws SightlineError E_STORE_NOT_FOUND when the referral is not in the store.
 */
export async function referralHistory(sql: Sql, referralId: string): Promise<ReferralHistory> {
  return historyOf(sql, referralId, await historyColumns(sql, referralId));
}

/**
 * The history extract from its columns (sorted here: the order of the store's rows never reaches
 * it). Tables are built from the columns directly, without an object per row.
 * @throws SightlineError E_STORE_NOT_FOUND when the referral is not in the store.
 */
export async function historyOf(
  sql: Sql,
  referralId: string,
  set: HistoryColumns,
): Promise<ReferralHistory> {
  const persons = columnsOf(COLUMNS.persons, set.persons);
  const events = columnsOf(COLUMNS.events, set.events);
  const linked = columnsOf(COLUMNS.linked, set.linked);
  // Each referral once (its first link row), and the links with the link's person and role.
  const refRow = new Map<string, number>();
  const ids = linked.c.referral_id!;
  for (let i = 0; i < linked.n; i++) if (!refRow.has(String(ids[i]))) refRow.set(String(ids[i]), i);
  let refs: Columns = linked.c;
  if (!refRow.has(referralId)) {
    // A referral naming nobody has no link to find it by; one that does not exist is an error.
    const names = storeColumns('referrals');
    const own = await sql.get<Record<string, unknown>>(
      `SELECT ${names.join(', ')} FROM referrals WHERE referral_id = ?`,
      [referralId],
    );
    if (own === undefined) notFound(referralId);
    refs = Object.fromEntries(names.map((c) => [c, [...linked.c[c]!, own[c]]]));
    refRow.set(referralId, linked.n);
  }
  const receivedMs = Number(refs.received_ms![refRow.get(referralId)!]);
  const callDay = dayOf(receivedMs);
  // The call's own people first (by person, role), then earlier referrals' links: the order of
  // the store's rows never reaches the extract.
  const own = (i: number) => Number(ids[i] === referralId);
  const [ref, person, role] = [
    byText(ids),
    byText(linked.c.rp_person_id!),
    byText(linked.c.rp_role!),
  ];
  const links = order(
    linked.n,
    (a, b) => own(b) - own(a) || ref(a, b) || person(a, b) || role(a, b),
  );
  const personOrder = order(persons.n, byText(persons.c.person_id!));
  const [eventPerson, eventDay, eventId] = [
    byText(events.c.person_id!),
    byNumber(events.c.start_day!),
    byNumber(events.c.event_id!),
  ];
  const eventOrder = order(
    events.n,
    (a, b) => eventPerson(a, b) || eventDay(a, b) || eventId(a, b),
  );
  const referralOrder = [...refRow.values()].sort(byText(refs.referral_id!));
  const extract: Extract = {
    manifest: {
      contract: CONTRACT_VERSION,
      name: `referral ${referralId}`,
      as_of: formatDate(callDay),
      created_at: formatDateTime(receivedMs),
    },
    asOfDay: callDay,
    referrals: tableFromColumns('referrals', refs, referralOrder),
    persons: tableFromColumns('persons', persons.c, personOrder),
    referral_persons: tableFromColumns(
      'referral_persons',
      { referral_id: ids, person_id: linked.c.rp_person_id!, role: linked.c.rp_role! },
      links,
    ),
    events: tableFromColumns('events', events.c, eventOrder),
  };
  const eventIds = eventOrder.map((i) => Number(events.c.event_id![i]));
  return { extract, eventIds, receivedMs };
}

function notFound(referralId: string): never {
  throw new SightlineError('E_STORE_NOT_FOUND', `referral ${referralId} is not in the store.`, {
    referralId,
  });
}
