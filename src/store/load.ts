/**
 * Loads a county extract's people and records into the store, in one transaction with its audit
 * entry: all of it or none. A referral already in the store is refused (an extract is loaded
 * once); a person already there with the same birth date, sex, race and ethnicity is kept as is
 * (two extracts may name the same people), and one recorded differently is refused.
 */
import { SightlineError } from '../core/index.js';
import type { Extract } from '../contract/index.js';
import type { Db, Sql } from './sql.js';
import { storeColumns, tableColumns } from './contract-columns.js';
import { appendAudit } from './audit-log.js';
import { rowsWithIds } from './in-list.js';

/** What a load wrote. */
export interface LoadSummary {
  readonly loadId: number;
  readonly persons: number;
  readonly personsAlreadyStored: number;
  readonly referrals: number;
  readonly referralPersons: number;
  readonly events: number;
}

/** Who loads, when, and the extract's content hash (from hashExtract). */
export interface LoadOptions {
  readonly dataHash: string;
  readonly now: string;
  readonly actor: string;
  /**
   * Rows of the extract that the data contract rejected and that are therefore not loaded (read
   * with allowRejects), per table and reason code; recorded with the load. Tables without
   * rejects may be left out.
   */
  readonly rejected?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Persons of the extract not yet stored; throws when a stored one is recorded differently. */
async function newPersons(sql: Sql, extract: Extract): Promise<Uint32Array> {
  const p = extract.persons;
  const stored = await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM persons');
  if ((stored?.n ?? 0) === 0) return Uint32Array.from({ length: p.n }, (_, i) => i);
  const cols = storeColumns('persons');
  const mine = tableColumns('persons', p);
  const row = new Map<string, number>();
  for (let i = 0; i < p.n; i++) row.set(p.person_id[i]!, i);
  const existing = await rowsWithIds<Record<string, unknown>>(
    sql,
    { table: 'persons', key: 'person_id', columns: cols.join(', ') },
    [...row.keys()],
  );
  for (const e of existing) {
    const i = row.get(String(e.person_id))!;
    const diff = cols.filter((c, j) => e[c] !== mine[j]!.values[i]);
    if (diff.length > 0) {
      throw new SightlineError(
        'E_STORE_CONFLICT',
        `person ${String(e.person_id)} is already stored with a different ${diff.join(', ')}. Fix: correct the extract, or correct the stored record through the service so the change is recorded.`,
        { personId: e.person_id, columns: diff },
      );
    }
    row.delete(String(e.person_id));
  }
  return Uint32Array.from([...row.values()].sort((a, b) => a - b));
}

/**
 * Loads `extract` (already validated by readExtract) into the store.
 * @throws SightlineError E_STORE_ALREADY_LOADED when one of its referrals is stored already,
 *   E_STORE_CONFLICT when a stored person is recorded differently.
 */
export async function loadExtract(db: Db, extract: Extract, o: LoadOptions): Promise<LoadSummary> {
  const summary = await db.tx(async (sql) => {
    const ids = extract.referrals.referral_id.map(String);
    const clash = await rowsWithIds<{ referral_id: string }>(
      sql,
      { table: 'referrals', key: 'referral_id', columns: 'referral_id' },
      ids,
    );
    if (clash.length > 0) {
      throw new SightlineError(
        'E_STORE_ALREADY_LOADED',
        `${clash.length} of the extract's ${ids.length} referrals are already in ${db.description} (e.g. ${clash[0]!.referral_id}). Fix: load each extract once, into a fresh database or with only new referrals.`,
        { already: clash.length },
      );
    }
    const persons = await newPersons(sql, extract);
    const counts = {
      persons: persons.length,
      referrals: extract.referrals.n,
      referral_persons: extract.referral_persons.n,
      events: extract.events.n,
    };
    const inserted = await sql.get<{ load_id: number }>(
      'INSERT INTO loads (name, as_of, data_hash, loaded_at, rows_json) VALUES (?, ?, ?, ?, ?) RETURNING load_id',
      [extract.manifest.name, extract.manifest.as_of, o.dataHash, o.now, JSON.stringify(counts)],
    );
    const loadId = inserted!.load_id;
    const origin = `load ${loadId}`;
    const extra = (n: number) => [
      { name: 'origin', type: 'text' as const, values: new Array<string>(n).fill(origin) },
      { name: 'recorded_at', type: 'text' as const, values: new Array<string>(n).fill(o.now) },
    ];
    const put = async (
      table: string,
      cols: ReturnType<typeof tableColumns>,
      n: number,
      stamp: boolean,
    ) => sql.insertColumns(table, stamp ? [...cols, ...extra(n)] : cols, n);
    await put('persons', tableColumns('persons', extract.persons, persons), persons.length, true);
    await put('referrals', tableColumns('referrals', extract.referrals), counts.referrals, true);
    await put(
      'referral_persons',
      tableColumns('referral_persons', extract.referral_persons),
      counts.referral_persons,
      false,
    );
    await put('events', tableColumns('events', extract.events), counts.events, true);
    await appendAudit(sql, o.now, [
      {
        actor: o.actor,
        action: 'data_change',
        subject: `load:${loadId}`,
        details: {
          change: 'load',
          extract: extract.manifest.name,
          asOf: extract.manifest.as_of,
          dataHash: o.dataHash,
          rows: counts,
          personsAlreadyStored: extract.persons.n - persons.length,
          rejected: o.rejected ?? {},
        },
      },
    ]);
    return {
      loadId,
      persons: persons.length,
      personsAlreadyStored: extract.persons.n - persons.length,
      referrals: counts.referrals,
      referralPersons: counts.referral_persons,
      events: counts.events,
    };
  });
  // Fresh statistics, or PostgreSQL plans history reads as scans of whole tables (4× slower).
  await db.exec(
    db.dialect === 'postgres' ? 'ANALYZE persons, referrals, referral_persons, events' : 'ANALYZE',
  );
  return summary;
}
