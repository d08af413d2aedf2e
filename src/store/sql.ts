/**
 * The one SQL surface both databases implement, so that every query of the store is written once.
 * Placeholders are `?` in every dialect (the PostgreSQL adapter numbers them); values are strings,
 * finite numbers or null; 64-bit integers come back as JavaScript numbers on both databases.
 */

/** A value bound to a placeholder or read from a column. */
export type SqlValue = string | number | null;

/** The type of a column in a bulk insert (PostgreSQL needs it to cast arrays). */
export type BulkType = 'text' | 'int' | 'bigint';

/** A column of a bulk insert: its name, type and one value per row. */
export interface BulkColumn {
  readonly name: string;
  readonly type: BulkType;
  readonly values: ArrayLike<SqlValue>;
}

/** Which database a connection talks to. */
export type Dialect = 'sqlite' | 'postgres';

/** Statements inside or outside a transaction. */
export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row of a query, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; `changes` is the number of rows it wrote. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Inserts `n` rows given as columns (fast paths per database). */
  insertColumns(table: string, columns: readonly BulkColumn[], n: number): Promise<void>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** A connection (SQLite file) or pool (PostgreSQL) with transactions. */
export interface Db extends Sql {
  /** A description without credentials, for messages (`sqlite:/path/x.db`, `postgres://host/db`). */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: committed (durably: on SQLite the WAL flushed to disk before it
   * resolves, on PostgreSQL the server's synchronous commit) when it resolves, rolled back when it
   * throws.
   * Transactions never interleave on SQLite (they are queued), and writers are serialised.
   */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * Statements that see every committed transaction, including (on SQLite) those whose flush to
   * disk is still under way; writes are as on the Db itself. For reads whose answer either
   * refuses, or is written and acknowledged after a later flush (which covers every commit before
   * it) — a session check, a reveal's reads — so that they do not wait for other requests' flushes.
   * On PostgreSQL a commit is visible only once flushed, so this is the Db itself.
   */
  readonly latest: Sql;
  /** Closes the connection or pool. */
  close(): Promise<void>;
}
