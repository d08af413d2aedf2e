/**
 * `sightline users`: accounts added (the password only from the environment), listed,
 * deactivated and reactivated on a SQLite store, each change audited; the audit log verifies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { capture } from './capture.js';

test('users add, list, deactivate and reactivate, each audited', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'sl-users-'));
  const saved = process.env.SIGHTLINE_USER_PASSWORD;
  try {
    const db = join(tmp, 'store.db');
    delete process.env.SIGHTLINE_USER_PASSWORD;
    let io = capture();
    assert.equal(
      await main(['users', 'add', '--db', db, '--username', 'ana', '--role', 'screener'], io),
      2,
    );
    assert.match(io.stderr, /set SIGHTLINE_USER_PASSWORD/);
    process.env.SIGHTLINE_USER_PASSWORD = 'a long enough password';
    io = capture();
    assert.equal(
      await main(['users', 'add', '--db', db, '--username', 'ana', '--role', 'chief'], io),
      2,
    );
    assert.match(io.stderr, /invalid --role: chief/);
    io = capture();
    const add = ['users', 'add', '--db', db, '--username', 'ana', '--role', 'screener'];
    assert.equal(await main([...add, '--name', 'Ana P.'], io), 0, io.stderr);
    assert.equal(io.stdout, 'created ana (screener)\n');
    io = capture();
    assert.equal(await main(['users', 'deactivate', '--db', db, '--username', 'ana'], io), 0);
    assert.equal(io.stdout, 'ana deactivated; 0 session(s) ended\n');
    io = capture();
    assert.equal(await main(['users', 'list', '--db', db, '--json'], io), 0);
    const [ana] = JSON.parse(io.stdout) as {
      username: string;
      active: boolean;
      displayName: string;
    }[];
    assert.deepEqual([ana!.username, ana!.displayName, ana!.active], ['ana', 'Ana P.', false]);
    io = capture();
    assert.equal(await main(['users', 'list', '--db', db], io), 0);
    assert.match(io.stdout, /^ana +screener +deactivated +Ana P\.$/m);
    io = capture();
    assert.equal(await main(['users', 'reactivate', '--db', db, '--username', 'ana'], io), 0);
    assert.equal(io.stdout, 'ana reactivated\n');
    io = capture();
    assert.equal(await main(['users', 'reactivate', '--db', db, '--username', 'ana'], io), 0);
    assert.equal(io.stdout, 'ana was already reactivated\n');
    io = capture();
    assert.equal(await main(['users', 'deactivate', '--db', db, '--username', 'bob'], io), 2);
    assert.match(io.stderr, /no account bob/);
    io = capture();
    assert.equal(await main(['audit-log', 'verify', '--db', db], io), 0, io.stdout);
    assert.match(io.stdout, /^audit log verifies: 3 entries/);
  } finally {
    if (saved === undefined) delete process.env.SIGHTLINE_USER_PASSWORD;
    else process.env.SIGHTLINE_USER_PASSWORD = saved;
    await rm(tmp, { recursive: true, force: true });
  }
});
