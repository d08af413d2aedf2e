/**
 * SQLite's commit path: a transaction is acknowledged only after a flush of the WAL file that
 * began after its COMMIT (synchronous=NORMAL plus our own fdatasync, sqlite-flush.ts); the next
 * batch may commit while that flush runs; statements outside a transaction never see a commit
 * that is not yet on disk (except reads through `latest`, which wait only for a batch at work);
 * a failed flush stops the store. The flush is replaced by one the test
 * releases by hand, and a second connection shows what has been committed meanwhile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isSightlineError } from '../../src/core/index.js';
import { openSqlite } from '../../src/store/sqlite-db.js';
import type { Db } from '../../src/store/index.js';
import {
  CHECKPOINT_EVERY_COMMITS,
  type CheckpointResult,
} from '../../src/store/sqlite-checkpoint.js';

/**
 * A flush that waits for the test (and then does not touch the disk): each call is recorded with
 * the rows committed when it began.
 */
function heldFlush(peek: () => number) {
  const calls: { rowsAtStart: number; release: (e?: Error) => void }[] = [];
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      const rowsAtStart = peek();
      calls.push({
        rowsAtStart,
        release: (e) => (e ? reject(e) : resolve()),
      });
    });
  return { calls, sync };
}

/** Table t behind a held flush; `committed()` counts the rows another connection sees. */
async function setUp(t: { after: (f: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'sl-flush-'));
  const path = join(dir, 'x.db');
  const setup = openSqlite(path);
  await setup.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  await setup.close();
  let other: Database.Database | null = null;
  const committed = () => {
    other ??= new Database(path, { readonly: true });
    return (other.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  };
  const held = heldFlush(committed);
  const db = openSqlite(path, { sync: held.sync });
  t.after(async () => {
    other?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { db, held, committed, path };
}

const tick = () => new Promise((r) => setImmediate(r));
async function settle(n = 5) {
  for (let i = 0; i < n; i++) await tick();
}
/** Waits (up to 5 s) until `flushes` flushes have begun: the first also flushes the directory. */
async function flushesBegun(held: { calls: unknown[] }, flushes: number) {
  const until = Date.now() + 5000;
  while (held.calls.length < flushes && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1));
  }
  await settle();
  assert.equal(held.calls.length, flushes, 'flushes begun');
}
const insert = (db: Db, v: number) => db.tx((sql) => sql.run('INSERT INTO t (v) VALUES (?)', [v]));
const state = <T>(p: Promise<T>) => {
  const s = { done: false, error: undefined as unknown };
  p.then(
    () => (s.done = true),
    (e: unknown) => (s.error = e),
  );
  return s;
};

test('a transaction is acknowledged only after a flush that began after its COMMIT', async (t) => {
  const { db, held, committed } = await setUp(t);
  const first = state(insert(db, 1));
  await flushesBegun(held, 1);
  assert.equal(committed(), 1, 'committed (visible to another connection) before the flush');
  assert.equal(held.calls.length, 1);
  assert.equal(held.calls[0]!.rowsAtStart, 1, 'the flush began after the COMMIT');
  assert.equal(first.done, false, 'not acknowledged while the flush runs');
  held.calls[0]!.release();
  await settle();
  assert.equal(first.done, true);
  await db.close();
});

test('the next batch commits during the flush and waits for a later one; reads wait for both', async (t) => {
  const { db, held, committed } = await setUp(t);
  const first = state(insert(db, 1));
  await flushesBegun(held, 1);
  const second = state(insert(db, 2));
  await settle();
  assert.equal(committed(), 2, 'the second batch committed while the first flush ran');
  assert.equal(held.calls.length, 1, 'one flush at a time');
  const read = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM t');
  const reading = state(read);
  held.calls[0]!.release();
  await flushesBegun(held, 2);
  assert.equal(first.done, true);
  assert.equal(second.done, false, 'the first flush began before the second COMMIT');
  assert.equal(held.calls.length, 2);
  assert.equal(held.calls[1]!.rowsAtStart, 2);
  assert.equal(reading.done, false, 'a read waits until every commit is on disk');
  const third = state(insert(db, 3));
  await settle();
  assert.equal(committed(), 2, 'no new batch starts while a read waits for the flush');
  held.calls[1]!.release();
  assert.equal((await read)!.n, 2);
  await flushesBegun(held, 3);
  assert.equal(second.done, true);
  assert.equal(committed(), 3);
  held.calls[2]!.release();
  await settle();
  assert.equal(third.done, true);
  await db.close();
});

test('reads through latest see a commit whose flush runs, never a batch at work', async (t) => {
  const { db, held } = await setUp(t);
  const first = state(insert(db, 1));
  await flushesBegun(held, 1);
  const durable = state(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM t'));
  const latest = await db.latest.get<{ n: number }>('SELECT COUNT(*) AS n FROM t');
  assert.equal(latest!.n, 1, 'the commit is seen while its flush runs');
  await settle();
  assert.equal(durable.done, false, 'a plain read still waits for the flush');
  assert.equal(first.done, false);
  held.calls[0]!.release();
  await settle();
  assert.equal(first.done && durable.done, true);
  // A batch at work (between BEGIN and COMMIT, waiting on something): latest waits for its COMMIT.
  let go!: () => void;
  const gate = new Promise<void>((r) => (go = r));
  const slow = state(
    db.tx(async (sql) => {
      await sql.run('INSERT INTO t (v) VALUES (?)', [2]);
      await gate;
    }),
  );
  await settle();
  const during = db.latest.get<{ n: number }>('SELECT COUNT(*) AS n FROM t');
  const seen = state(during);
  await settle();
  assert.equal(seen.done, false, 'latest does not read inside a batch at work');
  go();
  assert.equal((await during)!.n, 2, 'read after the batch committed');
  await flushesBegun(held, 2);
  assert.equal(slow.done, false, 'the batch waits for its own flush');
  held.calls[1]!.release();
  await settle();
  assert.equal(slow.done, true);
  // A write through latest is acknowledged only once on disk, as on the Db.
  const wrote = state(db.latest.run('INSERT INTO t (v) VALUES (?)', [3]));
  await flushesBegun(held, 3);
  assert.equal(wrote.done, false);
  held.calls[2]!.release();
  await settle();
  assert.equal(wrote.done, true);
  await db.close();
});

test('a write outside a transaction resolves only after its flush', async (t) => {
  const { db, held, committed } = await setUp(t);
  const run = state(db.run('INSERT INTO t (v) VALUES (?)', [7]));
  await flushesBegun(held, 1);
  assert.equal(committed(), 1);
  assert.equal(run.done, false);
  held.calls[0]!.release();
  await settle();
  assert.equal(run.done, true);
  const read = await db.all<{ v: number }>('SELECT v FROM t');
  assert.deepEqual(read, [{ v: 7 }]);
  assert.equal(held.calls.length, 1, 'a read needs no flush');
  await db.close();
});

test('a failed flush fails the waiting transactions and every later one (E_STORE_FLUSH)', async (t) => {
  const { db, held } = await setUp(t);
  const first = insert(db, 1);
  first.catch(() => undefined);
  await flushesBegun(held, 1);
  held.calls[0]!.release(new Error('EIO: i/o error'));
  await assert.rejects(first, (e) => isSightlineError(e) && e.code === 'E_STORE_FLUSH');
  await assert.rejects(insert(db, 2), (e) => isSightlineError(e) && e.code === 'E_STORE_FLUSH');
  await assert.rejects(
    db.get('SELECT 1 AS x'),
    (e) => isSightlineError(e) && e.code === 'E_STORE_FLUSH',
  );
  await db.close(); // still releases the connection
});

test('checkpoints run on the worker thread, not inside COMMIT, and lose nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sl-flush-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'x.db');
  const checkpoints: CheckpointResult[] = [];
  const db = openSqlite(path, {
    sync: async () => undefined,
    onCheckpoint: (r) => checkpoints.push(r),
  });
  await db.exec('CREATE TABLE t (v INTEGER NOT NULL, pad TEXT NOT NULL)');
  assert.equal(
    (await db.get<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint'))!.wal_autocheckpoint,
    0,
    "SQLite's own checkpoint inside COMMIT is off",
  );
  const pad = 'x'.repeat(3000); // about a page per row
  const insertOne = (v: number) =>
    db.tx((sql) => sql.run('INSERT INTO t (v, pad) VALUES (?, ?)', [v, pad]));
  // One checkpoint is due after CHECKPOINT_EVERY_COMMITS commits.
  for (let v = 0; v < CHECKPOINT_EVERY_COMMITS + 10; v++) await insertOne(v);
  const until = Date.now() + 10_000;
  while (checkpoints.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  assert.equal(checkpoints.length, 1, 'one checkpoint');
  assert.ok(
    checkpoints[0]!.log >= CHECKPOINT_EVERY_COMMITS && checkpoints[0]!.done === checkpoints[0]!.log,
    JSON.stringify(checkpoints[0]),
  );
  // Concurrent batches after it (the WAL restarts from its start) and a clean close.
  const n = CHECKPOINT_EVERY_COMMITS + 160;
  await Promise.all(
    Array.from({ length: 150 }, (_, i) => insertOne(CHECKPOINT_EVERY_COMMITS + 10 + i)),
  );
  await db.close();
  const again = new Database(path, { readonly: true });
  const row = again.prepare('SELECT COUNT(*) AS n, SUM(v) AS s FROM t').get() as {
    n: number;
    s: number;
  };
  again.close();
  assert.deepEqual(row, { n, s: ((n - 1) * n) / 2 });
});
