/**
 * The SQLite side of the store: one better-sqlite3 connection to a file (or `:memory:`) in WAL
 * mode with synchronous=FULL, so a committed transaction survives a crash of the process or the
 * machine. better-sqlite3 is synchronous, and each commit waits for the disk (about 3 ms here), so
 * transactions are group-committed: those that arrive while one batch runs form the next batch,
 * each runs alone in its own savepoint (one failing rolls back only itself), and one COMMIT makes
 * the whole batch durable before any of them is acknowledged. Transactions never interleave, and
 * statements outside a transaction wait for the running batch to commit.
 */
import Database from 'better-sqlite3';
import { SightlineError } from '../core/index.js';
import type { BulkColumn, Db, Sql, SqlValue } from './sql.js';

type Statement = Database.Statement<SqlValue[]>;

/** Opens (creating if needed) the SQLite database at `path`. */
export function openSqlite(path: string): Db {
  let conn: Database.Database;
  try {
    conn = new Database(path);
  } catch (e) {
    throw new SightlineError(
      'E_STORE_OPEN',
      `cannot open SQLite database ${path}: ${(e as Error).message}. Fix: give a writable file path (sqlite:PATH).`,
      { path },
    );
  }
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 10000');
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let s = cache.get(sql);
    if (s === undefined) {
      s = conn.prepare<SqlValue[]>(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const direct: Sql = {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({
      changes: prepare(sql).run(...params).changes,
    }),
    insertColumns: async (table, columns, n) => insertRows(prepare, table, columns, n),
    exec: async (script) => void conn.exec(script),
  };
  const batches = groupCommit(conn, direct);
  // The check and the call happen in one synchronous step, so nothing slips in between.
  const whenIdle = async <T>(f: () => Promise<T>): Promise<T> => {
    for (let b = batches.running(); b !== null; b = batches.running()) await b;
    return f();
  };
  return {
    dialect: 'sqlite',
    description: `sqlite:${path}`,
    all: <T>(sql: string, params?: readonly SqlValue[]) =>
      whenIdle(() => direct.all<T>(sql, params)),
    get: <T>(sql: string, params?: readonly SqlValue[]) =>
      whenIdle(() => direct.get<T>(sql, params)),
    run: (sql, params) => whenIdle(() => direct.run(sql, params)),
    insertColumns: (t, c, n) => whenIdle(() => direct.insertColumns(t, c, n)),
    tx: batches.tx,
    exec: (script) => whenIdle(() => direct.exec(script)),
    close: () => whenIdle(async () => void conn.close()),
  };
}

/** Inserts rows one prepared statement at a time (fast inside the caller's transaction). */
function insertRows(
  prepare: (sql: string) => Statement,
  table: string,
  columns: readonly BulkColumn[],
  n: number,
): void {
  const names = columns.map((c) => c.name);
  const stmt = prepare(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  const row = new Array<SqlValue>(columns.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < columns.length; j++) row[j] = columns[j]!.values[i]!;
    stmt.run(...row);
  }
}

interface Job {
  readonly fn: (sql: Sql) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** Group commit over one connection: `tx` queues, batches run one at a time. */
function groupCommit(conn: Database.Database, direct: Sql) {
  let queue: Job[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;
  // A batch starts on the next turn of the event loop, so that the requests that arrived together
  // reach their transactions first and share one commit (one wait for the disk).
  const kick = (): void => {
    if (scheduled || running !== null || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (running === null && queue.length > 0) running = runBatch();
    });
  };
  async function runBatch(): Promise<void> {
    const batch = queue;
    queue = [];
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      let first = 0;
      for (let i = 0; i < batch.length; i++) {
        if (!conn.inTransaction) {
          conn.exec('BEGIN IMMEDIATE');
          first = i;
        }
        conn.exec('SAVEPOINT sl_tx');
        try {
          results.push({ ok: true, value: await batch[i]!.fn(direct) });
          conn.exec('RELEASE sl_tx');
        } catch (e) {
          results[i] = { ok: false, value: e };
          if (conn.inTransaction) {
            conn.exec('ROLLBACK TO sl_tx');
            conn.exec('RELEASE sl_tx');
          } else {
            // SQLite rolled the whole transaction back: the batch's earlier work is gone too.
            for (let k = first; k < i; k++) results[k] = { ok: false, value: e };
          }
        }
      }
      if (conn.inTransaction) conn.exec('COMMIT');
    } catch (e) {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      for (let k = 0; k < batch.length; k++) results[k] = { ok: false, value: e };
    } finally {
      running = null;
    }
    batch.forEach((job, i) => (results[i]!.ok ? job.resolve : job.reject)(results[i]!.value));
    // Statements waiting for this batch run first; the next batch starts after them.
    kick();
  }
  return {
    running: () => running,
    tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        kick();
      });
    },
  };
}
