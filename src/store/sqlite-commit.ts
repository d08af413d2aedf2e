/**
 * Group commit over the SQLite connection. Transactions that arrive while one batch runs form the
 * next batch; each runs alone in its own savepoint (one failing rolls back only itself), and one
 * COMMIT ends the batch. No transaction of the batch is acknowledged before that COMMIT is on
 * disk (see sqlite-flush.ts): the next batch may run and commit while the flush is under way (its
 * own acknowledgement waits for a later flush, which covers both), but statements outside a
 * transaction wait until every commit so far is on disk, so nothing reads a write that a power
 * cut could still take back; while they wait, no new batch starts. Reads through Db.latest wait
 * only for a running batch (see `outside`).
 */
import type Database from 'better-sqlite3';
import type { Sql } from './sql.js';
import type { WalFlusher } from './sqlite-flush.js';
import type { Checkpointer } from './sqlite-checkpoint.js';

interface Job {
  readonly fn: (sql: Sql) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** What the group commit needs besides the connection: null for an in-memory database. */
export interface Durability {
  readonly flusher: WalFlusher;
  readonly checkpointer: Checkpointer;
}

/** Group commit over one connection: `tx` queues, batches run one at a time. */
export function groupCommit(conn: Database.Database, direct: Sql, d: Durability | null) {
  let queue: Job[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;
  let readers = 0;
  const flushed = () => d === null || d.flusher.clean;
  // A batch starts on the next turn of the event loop, so that the requests that arrived together
  // reach their transactions first and share one commit (one wait for the disk).
  const kick = (): void => {
    if (scheduled || running !== null || queue.length === 0) return;
    if (readers > 0 && !flushed()) return; // the statements waiting for the flush go first
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (running === null && queue.length > 0) running = runBatch();
    });
  };
  /** After a commit outside a batch, or a batch's: its number, and a checkpoint if one is due. */
  const committed = (): number => {
    if (d === null) return 0;
    const n = d.flusher.commit();
    d.checkpointer.committed();
    return n;
  };
  const durable = (n: number): Promise<void> =>
    d === null ? Promise.resolve() : d.flusher.durable(n);

  async function runBatch(): Promise<void> {
    const batch = queue;
    queue = [];
    const results: { ok: boolean; value: unknown }[] = [];
    let n = 0;
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
      if (conn.inTransaction) {
        conn.exec('COMMIT');
        n = committed();
      }
    } catch (e) {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      for (let k = 0; k < batch.length; k++) results[k] = { ok: false, value: e };
    } finally {
      running = null;
    }
    kick(); // the next batch may commit while this one's flush runs
    // Acknowledged only once on disk; a failed flush fails the batch's successes.
    void durable(n)
      .then(
        () =>
          batch.forEach((job, i) => (results[i]!.ok ? job.resolve : job.reject)(results[i]!.value)),
        (e: unknown) =>
          batch.forEach((job, i) =>
            results[i]!.ok ? job.reject(e) : job.reject(results[i]!.value),
          ),
      )
      .finally(kick);
  }

  return {
    /**
     * Runs `f` (one synchronous statement) once no batch runs and, unless `onDisk` is false, every
     * commit is on disk; when it wrote (`wrote()` true after it), resolves only once that write is
     * on disk too. With `onDisk` false the statement may see commits whose flush is under way
     * (never a batch's uncommitted work): for reads whose answer either refuses or is written and
     * acknowledged after a later flush, which covers every commit before it (Db.latest).
     */
    async outside<T>(f: () => T, wrote: () => boolean, onDisk = true): Promise<T> {
      if (onDisk) readers++;
      try {
        for (;;) {
          if (d?.flusher.failed) throw d.flusher.failed;
          if (running !== null) await running;
          else if (onDisk && !flushed()) await d!.flusher.durable();
          else break;
        }
      } finally {
        if (onDisk) readers--;
      }
      // The check and the statement happen in one synchronous step, so nothing slips in between.
      const value = f();
      if (wrote()) await durable(committed());
      kick();
      return value;
    },
    tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      if (d?.flusher.failed) return Promise.reject(d.flusher.failed);
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        kick();
      });
    },
  };
}
