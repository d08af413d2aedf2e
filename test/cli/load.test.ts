/**
 * `sightline load` and `sightline audit-log`: an extract loads into a fresh SQLite store (and is
 * refused the second time), the audit log verifies, and after rows are edited behind the
 * triggers' back `audit-log verify` says which entries are wrong and exits 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { writeExtract } from '../../src/contract/index.js';
import { synthesize } from '../../src/synth/index.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { main } from '../../cli/main.js';
import { capture } from './capture.js';

test('load an extract, verify the audit log, detect tampering', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'sl-load-'));
  try {
    const dir = join(tmp, 'county');
    await writeExtract(dir, synthesize({ seed: 2, scale: 0.02 }).extract);
    const db = join(tmp, 'store.db');
    let io = capture();
    assert.equal(await main(['load', dir, '--db', db], io), 0, io.stderr);
    assert.match(
      io.stdout,
      /^loaded .* into sqlite:.*store\.db: \d+ persons \(0 already stored\), \d+ referrals, \d+ referral persons, \d+ events\n$/,
    );
    assert.match(io.stderr, new RegExp(`migrated .* to schema version ${SCHEMA_VERSION}\n`));
    io = capture();
    assert.equal(await main(['load', dir, '--db', db], io), 1);
    assert.match(
      io.stderr,
      /already in sqlite:.*Fix: load each extract once.*\[E_STORE_ALREADY_LOADED\]/,
    );
    io = capture();
    assert.equal(await main(['audit-log', 'verify', '--db', db], io), 0, io.stdout);
    assert.match(io.stdout, /^audit log verifies: 1 entries, head 1:[0-9a-f]{64}\n$/);
    io = capture();
    assert.equal(await main(['audit-log', 'head', '--db', db], io), 0);
    const head = io.stdout.trim();
    const conn = new Database(db);
    conn.exec(
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = replace(details, 'load', 'lode')",
    );
    conn.close();
    io = capture();
    assert.equal(await main(['audit-log', 'verify', '--db', db, '--anchor', head], io), 1);
    assert.equal(
      io.stdout,
      'audit log does NOT verify (1 problem):\n  entry 1: its content does not match its hash (edited)\n',
    );
    io = capture();
    assert.equal(await main(['audit-log', 'verify', '--db', db, '--anchor', 'x'], io), 2);
    assert.match(io.stderr, /invalid --anchor: x/);
    io = capture();
    assert.equal(await main(['load', dir, '--db', 'mysql://h/d'], io), 1);
    assert.match(io.stderr, /scheme is not supported.*\[E_STORE_URL\]/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('load with rejected rows: refused by default; with --allow-rejects it says which and why, and the log records them', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'sl-load-rejects-'));
  try {
    const dir = join(tmp, 'county');
    await writeExtract(dir, synthesize({ seed: 2, scale: 0.02 }).extract);
    // Two events from an unknown source system.
    const path = join(dir, 'events.csv');
    const lines = (await readFile(path, 'utf8')).split('\n');
    const source = lines[0]!.split(',').indexOf('source');
    for (const k of [1, 2]) {
      const cells = lines[k]!.split(',');
      cells[source] = 'jaill';
      lines[k] = cells.join(',');
    }
    await writeFile(path, lines.join('\n'));
    const db = join(tmp, 'store.db');
    let io = capture();
    assert.equal(await main(['load', dir, '--db', db], io), 1);
    assert.match(io.stderr, /2 rows rejected .*events 2 of \d+ \(bad_enum 2\).*sightline validate/);
    io = capture();
    assert.equal(await main(['load', dir, '--db', db, '--allow-rejects'], io), 0, io.stderr);
    assert.match(
      io.stdout,
      /\n2 rejected rows not loaded \(--allow-rejects\): events 2 of \d+ \(bad_enum 2\)\. Every row with its reason: sightline validate .*county --rejects FILE\n$/,
    );
    const conn = new Database(db, { readonly: true });
    const entry = conn
      .prepare("SELECT details FROM audit_log WHERE action = 'data_change'")
      .get() as {
      details: string;
    };
    conn.close();
    assert.deepEqual(JSON.parse(entry.details).rejected, { events: { bad_enum: 2 } });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
