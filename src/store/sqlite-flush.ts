/**
 * The flush of SQLite's write-ahead log, done by us instead of by SQLite inside COMMIT.
 *
 * The connection runs `synchronous=NORMAL`, under which a COMMIT writes its frames to the WAL
 * file (into the OS's page cache) without waiting for the disk. Nothing is acknowledged until an
 * `fdatasync` of the WAL file that began after that COMMIT has returned: the same guarantee as
 * `synchronous=FULL`, where SQLite makes the same call inside COMMIT. Ours runs in libuv's thread
 * pool, so the process goes on with other requests while the disk works, and one flush covers
 * every commit made before it began (on Linux fsync/fdatasync flushes the file, whatever
 * descriptor it is called on). Commits are numbered; `durable(n)` resolves once commit n is on
 * disk. At most one flush runs at a time; commits made meanwhile share the next one.
 *
 * The WAL file keeps its inode while the connection is open (SQLite deletes it only when the last
 * connection to the database closes, and restarts it in place after a checkpoint), so one
 * descriptor serves for the connection's life. When the file is first seen, its directory is
 * flushed once too, so that the file's name survives a crash. A failed flush leaves it unknown
 * which writes reached the disk (and a retried fsync can succeed without writing them), so the
 * store then refuses all further work: E_STORE_FLUSH, restart the process.
 */
import { closeSync, fdatasync, fsync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { SightlineError } from '../core/index.js';

/** Flushes a file descriptor to disk (fdatasync in production; tests may watch or delay it). */
export type SyncFile = (fd: number) => Promise<void>;

/** fdatasync in libuv's thread pool. */
export const fdatasyncFile: SyncFile = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));

const fsyncFile: SyncFile = (fd) =>
  new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

interface Waiter {
  readonly through: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** Numbers commits and makes them durable, one flush of the WAL file at a time. */
export class WalFlusher {
  private committed = 0;
  private flushed = 0;
  private flushing = false;
  private waiters: Waiter[] = [];
  private fd: number | null = null;
  private failure: SightlineError | null = null;

  constructor(
    private readonly walPath: string,
    private readonly sync: SyncFile = fdatasyncFile,
  ) {}

  /** Records a COMMIT that has just returned; its number, for `durable`. */
  commit(): number {
    return ++this.committed;
  }

  /** Whether every commit so far is on disk. */
  get clean(): boolean {
    return this.flushed === this.committed;
  }

  /** The error that stopped the store, if a flush failed. */
  get failed(): SightlineError | null {
    return this.failure;
  }

  /** Resolves once commit `n` (default: the latest) is on disk; rejects if a flush fails. */
  durable(n: number = this.committed): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (n <= this.flushed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ through: n, resolve, reject });
      if (!this.flushing) void this.loop();
    });
  }

  /** Closes the descriptor (after the connection's last commit is durable). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async loop(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiters.length > 0) {
        const through = this.committed; // every commit made before the flush begins
        if (this.fd === null) {
          this.fd = openSync(this.walPath, 'r');
          await this.syncDirectory();
        }
        await this.sync(this.fd);
        this.flushed = through;
        const done = this.waiters.filter((w) => w.through <= through);
        this.waiters = this.waiters.filter((w) => w.through > through);
        done.forEach((w) => w.resolve());
      }
    } catch (e) {
      this.failure = new SightlineError(
        'E_STORE_FLUSH',
        `flushing the SQLite write-ahead log ${this.walPath} to disk failed: ${(e as Error).message}. Writes since the last flush may be lost; the store refuses further work. Fix: check the disk, then restart the process.`,
        { path: this.walPath },
      );
      const waiting = this.waiters;
      this.waiters = [];
      waiting.forEach((w) => w.reject(this.failure));
    } finally {
      this.flushing = false;
    }
  }

  private async syncDirectory(): Promise<void> {
    const dir = openSync(dirname(this.walPath), 'r');
    try {
      await fsyncFile(dir);
    } finally {
      closeSync(dir);
    }
  }
}
