/**
 * SQLite checkpoints off the serving thread. A checkpoint copies the write-ahead log into the
 * database file and flushes both (two waits for the disk plus up to thousands of page writes); run
 * inside a COMMIT, as SQLite's automatic checkpoint does (every 1,000 pages of WAL, here about
 * every 100 scored calls), it stops every request of the synchronous better-sqlite3 process. So
 * the serving connection's automatic checkpoint is off and a worker thread with a connection of
 * its own runs PASSIVE checkpoints (which never block the serving connection's readers or writer)
 * when asked: `committed()`, called after each commit, asks once enough has been written since
 * the last one. The worker starts on the first checkpoint, so short-lived processes (the CLI)
 * never start it; they checkpoint when they close, as before.
 *
 * A checkpoint that completes lets the next COMMIT restart the WAL from its start; SQLite then
 * flushes the new WAL header inside that COMMIT (once per checkpoint, not per commit). If the
 * worker fails, the serving connection's automatic checkpoint is turned back on: slower, never
 * unsafe, and the WAL cannot grow without bound.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const ENTRY = new URL('./sqlite-checkpoint-worker.mjs', import.meta.url);
/**
 * Commits between checkpoints (a scored call writes about 10 pages, so about 40 MB of WAL). Each
 * checkpoint flushes the database file and, at the WAL's restart, its header: checkpointing every
 * 200 commits or 2 s cost about 1 ms more CPU per scored call in the service bench than this.
 */
export const CHECKPOINT_EVERY_COMMITS = 1000;
/** Or after this long (ms), checked at a commit, so that a slow trickle is checkpointed too. */
const EVERY_MS = 30_000;
/** SQLite's default automatic checkpoint, in WAL pages: the fallback. */
const AUTO_PAGES = 1000;

/** What a checkpoint did: WAL frames in the log and copied into the database (-1 if busy). */
export interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly done: number;
}

/** Asks a worker thread to checkpoint the database now and then. */
export class Checkpointer {
  private worker: Worker | null = null;
  private inFlight = false;
  private failed = false;
  private commits = 0;
  private last = Date.now();
  private exited: Promise<void> | null = null;

  constructor(
    private readonly conn: Database.Database,
    private readonly path: string,
    private readonly onCheckpoint?: (r: CheckpointResult) => void,
  ) {
    conn.pragma('wal_autocheckpoint = 0');
  }

  /** Called after each commit: starts a checkpoint when one is due and none is running. */
  committed(): void {
    this.commits++;
    if (this.failed || this.inFlight) return;
    if (this.commits < CHECKPOINT_EVERY_COMMITS && Date.now() - this.last < EVERY_MS) return;
    this.commits = 0;
    this.last = Date.now();
    this.inFlight = true;
    this.start().postMessage('checkpoint');
  }

  /** Stops the worker (its connection closes); resolves once it has exited. */
  async close(): Promise<void> {
    const w = this.worker;
    if (w === null) return;
    this.worker = null;
    w.ref(); // kept alive until the worker has closed its connection
    w.postMessage('close');
    await this.exited;
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const w = new Worker(ENTRY, { workerData: { path: this.path }, execArgv: [] });
    w.unref(); // a checkpoint never keeps the process alive
    w.on('message', (m: { ok: boolean } & CheckpointResult) => {
      this.inFlight = false;
      if (!m.ok) this.fallBack();
      else this.onCheckpoint?.({ busy: m.busy, log: m.log, done: m.done });
    });
    w.on('error', () => this.fallBack());
    this.exited = new Promise((resolve) =>
      w.once('exit', () => {
        if (this.worker === w) this.fallBack();
        resolve();
      }),
    );
    this.worker = w;
    return w;
  }

  private fallBack(): void {
    if (this.failed) return;
    this.failed = true;
    this.inFlight = false;
    const w = this.worker;
    this.worker = null;
    if (w !== null) void w.terminate();
    if (this.conn.open) this.conn.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
  }
}
