/**
 * The SQLite side of the store: one better-sqlite3 connection to a file (or `:memory:`) in WAL
 * mode, so that a committed transaction survives a crash of the process or the machine.
 * better-sqlite3 is synchronous: a wait for the disk inside a statement stops the whole process.
 * So the disk waits are taken out of the serving thread, with durability unchanged:
 * - commits: `synchronous=NORMAL` (a COMMIT writes the WAL without flushing it) plus our own
 *   flush of the WAL file in libuv's thread pool before any transaction of the commit is
 *   acknowledged (sqlite-flush.ts) — what `synchronous=FULL` does inside COMMIT, made
 *   asynchronous; transactions are group-committed (sqlite-commit.ts), one COMMIT and one flush
 *   per batch, and statements outside a transaction see only what is on disk;
 * - checkpoints: on a worker thread with its own connection (sqlite-checkpoint.ts), not inside
 *   a COMMIT on this one.
 * An in-memory database has neither (nothing to flush).
 */
import Database from 'better-sqlite3';
import { SightlineError } from '../core/index.js';
import type { BulkColumn, Db, Sql, SqlValue } from './sql.js';
import { WalFlusher, type SyncFile } from './sqlite-flush.js';
import { Checkpointer, type CheckpointResult } from './sqlite-checkpoint.js';
import { groupCommit } from './sqlite-commit.js';

type Statement = Database.Statement<SqlValue[]>;

/** Options of openSqlite. */
export interface SqliteOptions {
  /** How the WAL file is flushed (default fdatasync; tests watch the order through it). */
  readonly sync?: SyncFile;
  /** Called after each checkpoint the worker thread made (tests, monitoring). */
  readonly onCheckpoint?: (r: CheckpointResult) => void;
}

/** Opens (creating if needed) the SQLite database at `path`. */
export function openSqlite(path: string, o: SqliteOptions = {}): Db {
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
  const wal = conn.pragma('journal_mode = WAL', { simple: true }) === 'wal';
  // NORMAL only together with our own flush of the WAL before acknowledging (see above).
  conn.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
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
  const file = conn.name;
  const d = wal
    ? {
        flusher: new WalFlusher(`${file}-wal`, o.sync),
        checkpointer: new Checkpointer(conn, file, o.onCheckpoint),
      }
    : null;
  const batches = groupCommit(conn, direct, d);
  const read = () => false;
  const written = () => true;
  /** A statement outside a transaction: a write unless SQLite says it only reads. */
  const wrote = (sql: string) => () => !prepare(sql).readonly;
  /** Statements outside a transaction; reads wait for the flush unless `onDisk` is false. */
  const outside = (onDisk: boolean): Sql => ({
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly SqlValue[] = []) =>
      batches.outside(() => prepare(sql).all(...params) as T[], wrote(sql), onDisk),
    get: <T>(sql: string, params: readonly SqlValue[] = []) =>
      batches.outside(() => prepare(sql).get(...params) as T | undefined, wrote(sql), onDisk),
    run: (sql, params = []) =>
      batches.outside(() => ({ changes: prepare(sql).run(...params).changes }), wrote(sql)),
    insertColumns: (t, c, n) => batches.outside(() => insertRows(prepare, t, c, n), written),
    exec: (script) => batches.outside(() => void conn.exec(script), written),
  });
  return {
    ...outside(true),
    description: `sqlite:${path}`,
    tx: batches.tx,
    latest: outside(false),
    close: async () => {
      // After a failed flush the store refuses work, but closing still releases its resources.
      await batches
        .outside(() => undefined, read)
        .catch((e: unknown) => {
          if (d?.flusher.failed !== e) throw e;
        });
      await d?.checkpointer.close();
      d?.flusher.close();
      conn.close();
    },
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
