/**
 * The store on both databases (one suite): versioned migrations, loading an extract once, the
 * history of a referral as the contract's Extract, and the append-only, hash-chained audit log —
 * including concurrent writers and tampering with rows behind the triggers' back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isSightlineError } from '../../src/core/index.js';
import { synthesize } from '../../src/synth/index.js';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  appendAudit,
  auditHead,
  loadExtract,
  migrate,
  openStore,
  parseStoreUrl,
  redactUrl,
  referralHistory,
  verifyAuditLog,
  type Db,
} from '../../src/store/index.js';
import { databases, type TestDb } from './databases.js';

const extract = synthesize({ seed: 9, scale: 0.02 }).extract;
const NOW = '2026-02-01T00:00:00Z';

/** Runs raw SQL behind the store's back (to tamper), on either database. */
async function rawSql(t: TestDb, statements: string[]): Promise<void> {
  const loc = parseStoreUrl(t.url);
  if (loc.kind === 'sqlite') {
    const conn = new Database(loc.path);
    for (const s of statements) conn.exec(s);
    conn.close();
    return;
  }
  const client = new pg.Client({
    connectionString: loc.connectionString,
    options: `-c search_path=${loc.schema}`,
  });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

const DISABLE: Record<TestDb['kind'], string[]> = {
  sqlite: [
    'DROP TRIGGER audit_log_no_update',
    'DROP TRIGGER audit_log_no_delete',
    'DROP TRIGGER audit_head_forward',
    'DROP TRIGGER audit_head_no_delete',
  ],
  postgres: [
    'ALTER TABLE audit_log DISABLE TRIGGER USER',
    'ALTER TABLE audit_head DISABLE TRIGGER USER',
  ],
};

test('store URLs: SQLite by default, PostgreSQL with an optional schema, clear errors', () => {
  assert.deepEqual(parseStoreUrl('sightline.db'), { kind: 'sqlite', path: 'sightline.db' });
  assert.deepEqual(parseStoreUrl('sqlite:/tmp/x.db'), { kind: 'sqlite', path: '/tmp/x.db' });
  assert.deepEqual(parseStoreUrl('sqlite:///tmp/x.db'), { kind: 'sqlite', path: '/tmp/x.db' });
  const p = parseStoreUrl('postgres://me@db:5432/county?schema=svc');
  assert.equal(p.kind, 'postgres');
  assert.equal(p.kind === 'postgres' && p.schema, 'svc');
  assert.throws(() => parseStoreUrl('mysql://x/y'), /scheme is not supported.*Fix:/);
  assert.throws(
    () => parseStoreUrl('postgres://h/d?schema=Bad-Name'),
    /not a lower-case SQL identifier/,
  );
  assert.equal(redactUrl('postgres://me:secret@h/d'), 'postgres://me:***@h/d');
});

for (const d of await databases()) {
  test(
    `[${d.kind}] migrations apply once, in order, and refuse a changed or newer database`,
    { skip: d.skip },
    async () => {
      const t = await d.make();
      try {
        const first = await openStore(t.url, NOW);
        assert.deepEqual(
          first.migration.applied,
          MIGRATIONS.map((m) => m.version),
        );
        await first.db.close();
        const again = await openStore(t.url, NOW);
        assert.deepEqual(again.migration.applied, []);
        assert.equal(again.migration.version, SCHEMA_VERSION);
        await again.db.run("UPDATE schema_migrations SET checksum = 'x' WHERE version = 2");
        await assert.rejects(
          migrate(again.db, NOW),
          (e) =>
            isSightlineError(e, 'E_STORE_MIGRATION_CHANGED') &&
            /migration 2 \(staff and sessions\)/.test(e.message),
        );
        await again.db.run(
          `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, 'future', 'y', ?)`,
          [SCHEMA_VERSION + 1, NOW],
        );
        await assert.rejects(migrate(again.db, NOW), (e) => isSightlineError(e, 'E_STORE_TOO_NEW'));
        await again.db.close();
      } finally {
        await t.cleanup();
      }
    },
  );

  test(
    `[${d.kind}] an extract loads once; its history reads back as the contract's tables; the audit chain holds`,
    { skip: d.skip },
    async () => {
      const t = await d.make();
      const { db } = await openStore(t.url, NOW);
      try {
        const s = await loadExtract(db, extract, { dataHash: 'sha256:x', now: NOW, actor: 'test' });
        assert.deepEqual(
          [s.persons, s.referrals, s.referralPersons, s.events],
          [extract.persons.n, extract.referrals.n, extract.referral_persons.n, extract.events.n],
        );
        await assert.rejects(
          loadExtract(db, extract, { dataHash: 'sha256:x', now: NOW, actor: 'test' }),
          (e) => isSightlineError(e, 'E_STORE_ALREADY_LOADED'),
        );
        await checkHistory(db);
        await checkAudit(db, d.kind, t);
      } finally {
        await db.close();
        await t.cleanup();
      }
    },
  );
}

/** A referral's history holds exactly its people, their earlier events and earlier referrals. */
async function checkHistory(db: Db): Promise<void> {
  const r = extract.referrals;
  const rp = extract.referral_persons;
  const peopleOf = (id: string) => {
    const people = new Set<string>();
    for (let i = 0; i < rp.n; i++) if (rp.referral_id[i] === id) people.add(rp.person_id[i]!);
    return people;
  };
  // A referral from late in the extract whose people are named in at least 3 other referrals.
  let row = Math.floor(r.n * 0.8);
  for (; ; row++) {
    const people = peopleOf(r.referral_id[row]!);
    const named = new Set<string>();
    for (let i = 0; i < rp.n; i++) if (people.has(rp.person_id[i]!)) named.add(rp.referral_id[i]!);
    if (named.size >= 4) break;
  }
  const id = r.referral_id[row]!;
  const callMs = r.received_at[row]!;
  const h = await referralHistory(db, id);
  assert.equal(h.receivedMs, callMs);
  const people = peopleOf(id);
  assert.deepEqual(new Set(h.extract.persons.person_id), people);
  const callDay = Math.floor(callMs / 86_400_000);
  let events = 0;
  for (let e = 0; e < extract.events.n; e++) {
    if (people.has(extract.events.person_id[e]!) && extract.events.start_date[e]! < callDay)
      events++;
  }
  assert.equal(h.extract.events.n, events);
  assert.equal(h.eventIds.length, events);
  const earlier = new Set<string>();
  for (let i = 0; i < rp.n; i++) {
    const q = r.referral_id.indexOf(rp.referral_id[i]!);
    if (people.has(rp.person_id[i]!) && r.received_at[q]! < callMs) earlier.add(rp.referral_id[i]!);
  }
  assert.deepEqual(new Set(h.extract.referrals.referral_id), new Set([id, ...earlier]));
  assert.ok(earlier.size >= 2, `${earlier.size} earlier referrals`);
  // Every value read back is the loaded one: each row of the history, all its columns, is a row
  // of the extract (a column read under another's name fails this).
  for (const name of ['persons', 'referrals', 'referral_persons', 'events'] as const) {
    const loaded = new Set(rowTexts(extract[name]));
    const read = rowTexts(h.extract[name]);
    assert.ok(read.length > 0, name);
    for (const row of read) assert.ok(loaded.has(row), `${name}: ${row} is not a loaded row`);
  }
  await assert.rejects(referralHistory(db, 'nope'), (e) =>
    isSightlineError(e, 'E_STORE_NOT_FOUND'),
  );
  // A referral whose own links were all superseded (found not to concern its people) has no link
  // to find it by: it is read on its own, beside its people's other referrals.
  await db.tx((sql) =>
    sql.run('UPDATE referral_persons SET superseded_at = ? WHERE referral_id = ?', [NOW, id]),
  );
  const alone = await referralHistory(db, id);
  assert.equal(alone.receivedMs, callMs);
  assert.deepEqual(new Set(alone.extract.referrals.referral_id), new Set([id, ...earlier]));
  const own = alone.extract.referrals.referral_id.indexOf(id);
  for (const row of rowTexts(alone.extract.referrals)) {
    assert.ok(new Set(rowTexts(extract.referrals)).has(row), `referrals: ${row} is not loaded`);
  }
  assert.equal(alone.extract.referrals.received_at[own], callMs);
  assert.ok(!alone.extract.referral_persons.referral_id.includes(id));
  assert.equal(alone.extract.events.n, events);
}

/** Concurrent writers form one chain; the triggers refuse changes; tampering is detected. */
async function checkAudit(db: Db, kind: TestDb['kind'], t: TestDb): Promise<void> {
  await Promise.all(
    Array.from({ length: 40 }, (_, k) =>
      db.tx((sql) =>
        appendAudit(sql, NOW, [
          { actor: `u${k}`, action: 'decision', subject: `referral:R${k}`, details: { k } },
        ]),
      ),
    ),
  );
  // Transactions that fail roll back alone, even when they were committed in one batch.
  const settled = await Promise.allSettled(
    Array.from({ length: 9 }, (_, k) =>
      db.tx(async (sql) => {
        await appendAudit(sql, NOW, [
          { actor: 'f', action: 'login', subject: `user:f${k}`, details: {} },
        ]);
        if (k % 3 === 0) throw new Error(`transaction ${k} fails`);
      }),
    ),
  );
  assert.deepEqual(
    settled.map((r) => r.status),
    [
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ],
  );
  let v = await verifyAuditLog(db);
  assert.ok(v.ok, JSON.stringify(v.problems));
  assert.equal(v.entries, 47, 'the load, 40 decisions and the 6 logins that did not fail');
  await assert.rejects(
    db.run('UPDATE audit_log SET actor = ? WHERE seq = 3', ['x']),
    /append-only/,
  );
  await assert.rejects(db.run('DELETE FROM audit_log WHERE seq = 3'), /append-only/);
  await assert.rejects(db.run('UPDATE audit_head SET seq = 2 WHERE id = 1'), /only moves forward/);
  const anchor = await auditHead(db);
  await db.tx((sql) =>
    appendAudit(sql, NOW, [{ actor: 'u', action: 'login', subject: 'user:u', details: {} }]),
  );

  await rawSql(t, [...DISABLE[kind], `UPDATE audit_log SET details = '{"k":99}' WHERE seq = 5`]);
  v = await verifyAuditLog(db);
  assert.equal(v.ok, false);
  assert.deepEqual(v.problems, [
    { seq: 5, problem: 'its content does not match its hash (edited)' },
  ]);

  await rawSql(t, ['DELETE FROM audit_log WHERE seq = 10']);
  v = await verifyAuditLog(db);
  assert.ok(
    v.problems.some((p) => p.seq === 11 && /entries 10–10 are missing/.test(p.problem)),
    JSON.stringify(v.problems),
  );
  assert.ok(v.problems.some((p) => p.seq === 11 && /prev_hash/.test(p.problem)));

  // Deleting the newest entry: the head no longer matches the log.
  await rawSql(t, ['DELETE FROM audit_log WHERE seq = 48']);
  v = await verifyAuditLog(db);
  assert.ok(
    v.problems.some((p) =>
      /the head records entry 48 but the log ends at entry 47/.test(p.problem),
    ),
  );

  // Rewriting the head as well is caught by an anchor recorded outside the database.
  await rawSql(t, [
    'DELETE FROM audit_log WHERE seq >= 47',
    `UPDATE audit_head SET seq = 46, hash = (SELECT hash FROM audit_log WHERE seq = 46)`,
  ]);
  v = await verifyAuditLog(db, anchor);
  assert.ok(
    v.problems.some((p) => p.seq === 47 && p.problem === 'the anchored entry is missing'),
    JSON.stringify(v.problems),
  );
}

/** Each row of a contract table as JSON text of all its columns. */
function rowTexts(t: object & { n: number }): string[] {
  const columns = Object.entries(t as object).filter(([k]) => k !== 'n') as [
    string,
    ArrayLike<unknown>,
  ][];
  return Array.from({ length: t.n }, (_, i) => JSON.stringify(columns.map(([, v]) => v[i])));
}
