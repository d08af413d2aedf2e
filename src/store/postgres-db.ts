/**
 * The PostgreSQL side of the store: a `pg` pool for statements outside transactions and one
 * connection of its own for transactions. Placeholders `?` become `$1, $2, ...`; statements with
 * parameters are prepared once per connection (named after their text); 64-bit integers and
 * numerics are parsed as JavaScript numbers; a `schema` puts every table in its own schema (the
 * tests use one per file). Commits wait for the server's synchronous commit, so an acknowledged
 * write is on disk.
 *
 * Transactions are group-committed, as on SQLite: those that arrive while one batch runs form the
 * next batch, which runs on the transaction connection as one PostgreSQL transaction, each in its
 * own savepoint (one failing rolls back only itself), and one COMMIT — one wait for the disk —
 * makes the whole batch durable before any of them is acknowledged. This matters because every
 * audited transaction locks the audit chain's head row until it commits: committed one by one,
 * audited writes would queue for one disk flush each. Another process's transactions still
 * serialise on that row lock, batch by batch, so the chain stays one chain.
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

/** A statement in PostgreSQL's terms: `$n` placeholders and the name it is prepared under. */
interface Numbered {
  readonly text: string;
  readonly name: string;
}
const numbered = new Map<string, Numbered>();
/** Distinct statement texts prepared at most (past it, statements are sent unprepared). */
const MAX_PREPARED = 2000;

/** `?` placeholders as PostgreSQL's `$n` (statements never hold a literal `?`). */
function number(sql: string): Numbered {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    out = { text, name: numbered.size < MAX_PREPARED ? `sl_${numbered.size}` : '' };
    numbered.set(sql, out);
  }
  return out;
}

/**
 * A query config: prepared by name when it has parameters (the server then parses and plans it
 * once per connection), unnamed otherwise.
 */
function statement(sql: string, params: readonly SqlValue[]): pg.QueryConfig<SqlValue[]> {
  const { text, name } = number(sql);
  const values = params as SqlValue[];
  return params.length > 0 && name !== '' ? { name, text, values } : { text, values };
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
      (await q.query(statement(sql, params))).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(statement(sql, params))).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({
      changes: (await q.query(statement(sql, params))).rowCount ?? 0,
    }),
    insertColumns: (table, columns, n) => insertArrays(q, table, columns, n),
    exec: async (script) => void (await q.query(script)),
  };
}

/** A client whose queries run one after another, in the order they were asked. */
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
  const poolOf = (max: number) => {
    const p = new pg.Pool({
      connectionString: o.connectionString,
      max,
      // Connections are kept, not closed after 10 s idle (pg's default): a new one costs a
      // backend start, cold catalog caches and its statements prepared again, and under a load
      // that comes and goes those landed on requests as stalls of hundreds of milliseconds.
      // allowExitOnIdle: idle connections do not keep a process (a CLI) from exiting.
      idleTimeoutMillis: 0,
      allowExitOnIdle: true,
      types,
      ...(o.schema !== undefined ? { options: `-c search_path=${o.schema}` } : {}),
    });
    p.on('error', () => undefined); // an idle client's error; the next query reports it
    return p;
  };
  const pool = poolOf(o.max ?? 20);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw postgresError(e, where);
  }
  if (o.schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${o.schema}`);
  // The transaction connection: a pool of one, so that a broken connection is replaced.
  const writer = poolOf(1);
  const batches = groupCommit(writer);
  const q = querier(pool);
  return {
    description: `postgres://${where}${o.schema !== undefined ? ` (schema ${o.schema})` : ''}`,
    ...q,
    tx: batches.tx,
    latest: q,
    close: async () => {
      await batches.idle();
      await Promise.all([pool.end(), writer.end()]);
    },
  };
}

interface Job {
  readonly fn: (sql: Sql) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit over the transaction connection: `tx` queues, batches run one at a time. A batch
 * of one runs as a plain transaction; a larger one gives each transaction a savepoint, released
 * (and the next one set) in the same round trip.
 */
function groupCommit(writer: pg.Pool) {
  let queue: Job[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;
  // A batch starts on the next turn of the event loop, so that the requests that arrived together
  // reach their transactions first and share one commit.
  const kick = (): void => {
    if (scheduled || running !== null || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (running === null && queue.length > 0) {
        running = runBatch(queue).finally(() => {
          running = null;
          kick();
        });
        queue = [];
      }
    });
  };
  return {
    tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        kick();
      });
    },
    /** Resolves once no batch is queued or running. */
    async idle(): Promise<void> {
      while (running !== null || queue.length > 0 || scheduled) {
        await (running ?? new Promise((r) => setImmediate(r)));
      }
    },
  };

  async function runBatch(batch: readonly Job[]): Promise<void> {
    const results: { ok: boolean; value: unknown }[] = [];
    let client: pg.PoolClient;
    try {
      client = await writer.connect();
    } catch (e) {
      batch.forEach((job) => job.reject(e));
      return;
    }
    // One statement at a time on the connection (pg deprecates overlapping queries on one client;
    // a transaction's parallel reads, such as a re-score's history, queue here instead).
    const sql = querier(oneAtATime(client));
    const savepoints = batch.length > 1;
    let broken: Error | undefined;
    try {
      await client.query(savepoints ? 'BEGIN; SAVEPOINT sl_tx' : 'BEGIN');
      for (let i = 0; i < batch.length; i++) {
        try {
          const value = await batch[i]!.fn(sql);
          results.push({ ok: true, value });
          if (savepoints && i + 1 < batch.length) {
            await client.query('RELEASE SAVEPOINT sl_tx; SAVEPOINT sl_tx');
          }
        } catch (e) {
          results.push({ ok: false, value: e });
          // ROLLBACK TO keeps the savepoint, ready for the next transaction.
          await client.query(savepoints ? 'ROLLBACK TO SAVEPOINT sl_tx' : 'ROLLBACK');
          if (!savepoints) return;
        }
      }
      await client.query('COMMIT');
    } catch (e) {
      // The batch as a whole failed (the connection, or COMMIT): nothing of it was committed.
      // A transaction that had already failed keeps its own error.
      broken = e as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      for (let k = 0; k < batch.length; k++) {
        if (results[k]?.ok !== false) results[k] = { ok: false, value: e };
      }
    } finally {
      client.release(broken);
      batch.forEach((job, i) => {
        const r = results[i] ?? { ok: false, value: broken };
        (r.ok ? job.resolve : job.reject)(r.value);
      });
    }
  }
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
