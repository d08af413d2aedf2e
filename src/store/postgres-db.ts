/**
 * The PostgreSQL side of the store: a `pg` pool. Placeholders `?` become `$1, $2, ...`; 64-bit
 * integers and numerics are parsed as JavaScript numbers; a `schema` puts every table in its own
 * schema (the tests use one per file). Commits wait for the server's synchronous commit, so an
 * acknowledged write is on disk.
 */
import pg from 'pg';
import { SightlineError } from '../core/index.js';
import type { BulkColumn, Db, Sql, SqlValue } from './sql.js';

const INT8 = 20;
const NUMERIC = 1700;
const CHUNK = 20_000;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

const numbered = new Map<string, string>();
/** `?` placeholders as PostgreSQL's `$n` (statements never hold a literal `?`). */
function number(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

/** Options of openPostgres. */
export interface PostgresOptions {
  readonly connectionString: string;
  /** Schema holding the tables (created by the migrations when missing); default `public`. */
  readonly schema?: string;
  /** Pool size (default 20). */
  readonly max?: number;
}

/** What a PostgreSQL error means for the person running the command. */
export function postgresError(e: unknown, where: string): SightlineError {
  const err = e as { code?: string; message?: string };
  return new SightlineError(
    'E_STORE_CONNECT',
    `cannot reach PostgreSQL at ${where}: ${err.message ?? String(e)}. Fix: start PostgreSQL (see the README) or correct --db.`,
    { where, code: err.code },
  );
}

function querier(q: pg.Pool | pg.PoolClient): Sql {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(number(sql), params as SqlValue[])).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(number(sql), params as SqlValue[])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({
      changes: (await q.query(number(sql), params as SqlValue[])).rowCount ?? 0,
    }),
    insertColumns: (table, columns, n) => insertArrays(q, table, columns, n),
    exec: async (script) => void (await q.query(script)),
  };
}

/**
 * A transaction's client that runs its queries one after another: code inside a transaction may
 * start several at once (Promise.all), which a single connection would otherwise be asked to
 * interleave (deprecated by `pg`).
 */
function oneAtATime(client: pg.PoolClient): pg.PoolClient {
  let last: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]): Promise<unknown> => {
    const next = last.then(() =>
      (client.query as (...a: unknown[]) => Promise<unknown>).apply(client, args),
    );
    last = next.catch(() => undefined);
    return next;
  };
  return { query } as unknown as pg.PoolClient;
}

/** Opens a pool and checks that the server answers; E_STORE_CONNECT when it does not. */
export async function openPostgres(o: PostgresOptions): Promise<Db> {
  const url = new URL(o.connectionString);
  const where = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  const pool = new pg.Pool({
    connectionString: o.connectionString,
    max: o.max ?? 20,
    types,
    ...(o.schema !== undefined ? { options: `-c search_path=${o.schema}` } : {}),
  });
  pool.on('error', () => undefined); // an idle client's error; the next query reports it
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw postgresError(e, where);
  }
  if (o.schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${o.schema}`);
  const direct = querier(pool);
  return {
    description: `postgres://${where}${o.schema !== undefined ? ` (schema ${o.schema})` : ''}`,
    ...direct,
    async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(querier(oneAtATime(client)));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const CAST: Record<BulkColumn['type'], string> = { text: 'text', int: 'integer', bigint: 'bigint' };

/** Inserts rows as one `unnest` of typed arrays per chunk of 20,000 rows. */
async function insertArrays(
  q: pg.Pool | pg.PoolClient,
  table: string,
  columns: readonly BulkColumn[],
  n: number,
): Promise<void> {
  const names = columns.map((c) => c.name).join(', ');
  const arrays = columns.map((c, j) => `$${j + 1}::${CAST[c.type]}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
  for (let lo = 0; lo < n; lo += CHUNK) {
    const hi = Math.min(n, lo + CHUNK);
    const params = columns.map((c) => Array.prototype.slice.call(c.values, lo, hi) as SqlValue[]);
    await q.query(sql, params);
  }
}
