/**
 * The staff lockout under parallel logins: wrong passwords sent together must lock the account
 * exactly as the same ones sent one after another, a right password must be refused when the
 * account was locked while it was being hashed, and a lock that has run out starts the count
 * again. Also: every refused login does the same hash work (locked, deactivated or unknown).
 */
import { createHook } from 'node:async_hooks';
import assert from 'node:assert/strict';
import { auditEntriesOf, userById } from '../../src/store/index.js';
import { DEFAULT_OPTIONS } from '../../server/context.js';
import { PASSWORD, serviceTest } from './fixture.js';
import { client, signIn } from './client.js';

const WRONG = 'wrong password!';

/** Calls `fn` on every scrypt hash started until the returned function is called. */
function onScrypt(fn: () => void): () => void {
  const hook = createHook({
    init(_id, type) {
      if (type === 'SCRYPTREQUEST') fn();
    },
  });
  hook.enable();
  return () => void hook.disable();
}

/** The `details` of the account's audit entries of one action, in order. */
async function details(db: Parameters<typeof auditEntriesOf>[0], userId: string, action: string) {
  return (await auditEntriesOf(db, `user:${userId}`))
    .filter((e) => e.action === action)
    .map((e) => JSON.parse(e.details) as Record<string, unknown>);
}

await serviceTest(
  'parallel wrong passwords lock the account; its lock runs out and the count starts again',
  { timeout: 60_000, service: { loginPerMinute: 100 } },
  async (svc) => {
    const anon = client(svc.app);
    const login = (password: string) =>
      anon.api('POST', '/api/login', { username: 'supervisor', password });
    const sup = svc.userIds.supervisor;
    const six = await Promise.all(Array.from({ length: 6 }, () => login(WRONG)));
    assert.deepEqual(
      six.map((r) => r.status),
      [401, 401, 401, 401, 401, 401],
    );
    let r = await login(PASSWORD);
    assert.equal(r.status, 401, 'locked by the parallel failures: the right password is refused');
    assert.equal(r.json.error.code, 'E_AUTH_FAILED');
    assert.deepEqual(
      (await details(svc.db, sup, 'login_failed')).map((d) => d.failures ?? d.reason),
      [1, 2, 3, 4, 5, 'account locked', 'account locked'],
    );
    const locks = await details(svc.db, sup, 'lockout');
    const until = svc.now + DEFAULT_OPTIONS.lockoutMs;
    assert.deepEqual(locks, [
      { reason: '5 failed logins in a row', until: new Date(until).toISOString() },
    ]);
    assert.equal((await userById(svc.db, sup))!.locked_until_ms, until);

    svc.now = until - 1;
    assert.equal((await login(PASSWORD)).status, 401, 'still locked a millisecond before the end');
    svc.now = until;
    // The count starts again: four more failures do not lock (they would at 6, 7, ... of 5).
    for (let k = 0; k < 4; k++) assert.equal((await login(WRONG)).status, 401);
    assert.deepEqual(
      (await details(svc.db, sup, 'login_failed')).slice(-4).map((d) => d.failures),
      [1, 2, 3, 4],
    );
    r = await login(PASSWORD);
    assert.equal(r.status, 200, r.text);
    const row = (await userById(svc.db, sup))!;
    assert.equal(row.failed_logins, 0);
    assert.equal(row.locked_until_ms, null);
  },
);

await serviceTest(
  'a right password is refused when the account is locked while it is being hashed',
  { timeout: 60_000 },
  async (svc) => {
    const sup = svc.userIds.supervisor;
    const until = svc.now + 60_000;
    // The lock is queued as soon as the login's hash starts, so it is written before the login's
    // result (transactions run in the order they were queued on both databases).
    let lock: Promise<unknown> | undefined;
    const stop = onScrypt(() =>
      process.nextTick(() => {
        lock ??= svc.db.tx((sql) =>
          sql.run('UPDATE users SET locked_until_ms = ? WHERE user_id = ?', [until, sup]),
        );
      }),
    );
    let r;
    try {
      r = await client(svc.app).api('POST', '/api/login', {
        username: 'supervisor',
        password: PASSWORD,
      });
    } finally {
      stop();
    }
    await lock;
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json.error.code, 'E_AUTH_FAILED');
    assert.deepEqual((await details(svc.db, sup, 'login_failed')).at(-1), {
      reason: 'account locked',
    });
    assert.equal((await details(svc.db, sup, 'login')).length, 0, 'no session started');
    assert.equal((await userById(svc.db, sup))!.locked_until_ms, until, 'the lock is kept');
  },
);

await serviceTest(
  'every refused login hashes the password once: unknown, wrong, locked or deactivated',
  { timeout: 60_000 },
  async (svc) => {
    let hashes = 0;
    const stop = onScrypt(() => void hashes++);
    const hashesOf = async (username: string, password: string, status: number) => {
      hashes = 0;
      const r = await client(svc.app).api('POST', '/api/login', { username, password });
      assert.equal(r.status, status, `${username}: ${r.text}`);
      return hashes;
    };
    try {
      assert.equal(await hashesOf('no-such-user', PASSWORD, 401), 1, 'unknown username');
      assert.equal(await hashesOf('screener', WRONG, 401), 1, 'wrong password');
      assert.equal(await hashesOf('screener', PASSWORD, 200), 1, 'right password');
      for (let k = 0; k < 5; k++) await hashesOf('supervisor', WRONG, 401);
      assert.equal(await hashesOf('supervisor', WRONG, 401), 1, 'locked, wrong password');
      assert.equal(await hashesOf('supervisor', PASSWORD, 401), 1, 'locked, right password');
      const admin = await signIn(svc.app, 'administrator', PASSWORD);
      const deactivate = `/api/admin/users/${svc.userIds.analyst}/deactivate`;
      assert.equal((await admin.api('POST', deactivate)).status, 200);
      assert.equal(await hashesOf('analyst', PASSWORD, 401), 1, 'deactivated, right password');
      assert.equal(await hashesOf('analyst', WRONG, 401), 1, 'deactivated, wrong password');
      assert.deepEqual(
        (await details(svc.db, svc.userIds.analyst, 'login_failed')).map((d) => d.reason),
        ['account deactivated', 'account deactivated'],
      );
    } finally {
      stop();
    }
  },
);
